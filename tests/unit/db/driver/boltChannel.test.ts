import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { tuneBoltChannel, WRITE_BUFFER_BYTES } from '../../../../src/db/driver/boltChannel.ts';

/**
 * The Bolt channel adjustments, on the driver's own classes: the Chunker that frames outgoing
 * messages, the Dechunker that reassembles incoming ones and the PackStream codec, wired to each
 * other without a socket, so the bytes are the ones a real connection would carry.
 */

const fromDriver = createRequire(createRequire(import.meta.url).resolve('neo4j-driver'));
const fromBolt = createRequire(fromDriver.resolve('neo4j-driver-bolt-connection'));
// biome-ignore lint/suspicious/noExplicitAny: the driver's internal channel and codec classes have no types
type Untyped = any;
const channel = fromBolt('./channel/index.js') as Untyped;
const packstream = fromBolt('./packstream/index.js') as Untyped;

interface Written {
  _buffer: Buffer;
  position: number;
  length: number;
}

/** A Chunker writing into `writes` (copies, as the socket would have sent them). */
function chunker(writes: Buffer[]) {
  return new channel.Chunker({
    write: (buffer: Written) => writes.push(Buffer.from(buffer._buffer.subarray(0, buffer.length))),
  });
}

/** Packs `value` as one message through the driver's Packer into a Chunker and flushes it, as BoltProtocol.write does. */
function send(out: Untyped, value: unknown): void {
  new packstream.v1.Packer(out).packable(value)();
  out.messageBoundary();
  out.flush();
}

describe('the Bolt channel adjustments', () => {
  it('apply to the neo4j-driver this project loads', () => {
    expect(tuneBoltChannel()).toBe(true);
    // Idempotent: a second call neither wraps the methods again nor fails.
    const flush = channel.Chunker.prototype.flush;
    expect(tuneBoltChannel()).toBe(true);
    expect(channel.Chunker.prototype.flush).toBe(flush);
  });

  it('send a statement of several kilobytes in one socket write instead of one per 1,400 bytes', () => {
    tuneBoltChannel();
    const writes: Buffer[] = [];
    const out = chunker(writes);
    send(out, 'HELLO'); // the connection's first message, written with the initial small buffer
    writes.length = 0;
    const cypher = `MATCH (a:Article) RETURN a.title /* ${'x'.repeat(4_000)} */`;
    send(out, { cypher, params: { doi: '10.1000/abc' } });
    expect(writes).toHaveLength(1);
    // Messages longer than the buffer still go out whole, in chunks no larger than the buffer.
    send(out, 'y'.repeat(3 * WRITE_BUFFER_BYTES));
    expect(writes.length).toBeGreaterThan(1);
    expect(writes.every((w) => w.length <= WRITE_BUFFER_BYTES)).toBe(true);
  });

  it('reads a message of many chunks, split anywhere between socket reads, from one buffer with the same values', () => {
    tuneBoltChannel();
    // A record like a page of 100 articles: hundreds of strings, multi-byte characters among them,
    // so some are cut between two chunks and between two reads in the middle of a character.
    const value = {
      rows: Array.from({ length: 400 }, (_, i) => ({
        title: `Hypertension in older adults ${i} — a cohort study (Zürich, 東京, São Paulo) ${'é'.repeat(i % 50)}`,
        year: 1990 + (i % 35),
        authors: [`Müller, Ö. ${i}`, `Chen Haoming ${i}`, `Ŝ${'ñ'.repeat(i % 7)}`],
      })),
      total: 400,
    };
    const writes: Buffer[] = [];
    const out = chunker(writes);
    send(out, 'HELLO');
    writes.length = 0;
    send(out, value);
    const bytes = Buffer.concat(writes);
    expect(bytes.length).toBeGreaterThan(3 * WRITE_BUFFER_BYTES);

    const messages: Written[] = [];
    const dechunker = new channel.Dechunker();
    dechunker.onmessage = (message: Written) => messages.push(message);
    // Socket reads of an odd size, so chunk headers and characters are cut too.
    for (let at = 0; at < bytes.length; at += 7_777)
      dechunker.write(channel.alloc(Buffer.from(bytes.subarray(at, Math.min(bytes.length, at + 7_777)))));

    expect(messages).toHaveLength(1);
    // One buffer (read directly), not a list of slices walked for every byte and string.
    expect(Object.hasOwn(messages[0]!, '_buffer')).toBe(true);
    const read = new packstream.v1.Unpacker(true).unpack(messages[0]);
    expect(read).toEqual(value);
  });
});
