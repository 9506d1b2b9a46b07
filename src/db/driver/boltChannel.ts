import { createRequire } from 'node:module';

/**
 * Two costs of neo4j-driver's Bolt channel (neo4j-driver-bolt-connection) that a profile of the
 * API under load showed as a large share of its CPU, removed by adjusting the channel's two classes
 * once per process (the driver has no setting for either):
 *
 * - Writing: the Chunker packs outgoing messages into a 1,400-byte buffer and writes it to the
 *   socket each time it fills. Our statements are 2-4 kB of Cypher, so a request's RUN message
 *   went out as three socket writes (each a system call and, with TCP_NODELAY, a packet Neo4j
 *   wakes up for): a topic page spent a tenth of the server's CPU in those writes. With a
 *   WRITE_BUFFER_BYTES buffer a statement and its PULL go out in one write at the driver's own flush.
 * - Reading: a message longer than one Bolt chunk, or split between two socket reads, is kept as
 *   a list of slices (CombinedBuffer) whose every byte and string read walks the list, and every
 *   string is decoded through a new StringDecoder. A page of 100 articles is one record of a few
 *   hundred kB: decoding it was a third of the API's busy CPU on that request, more than the peer
 *   (@neo4j/graphql, whose records are one per article and fit a chunk) spent in all. Joined into
 *   one buffer (one copy of the message), it is read by the channel's direct path.
 *
 * Nothing of the protocol changes: the same bytes are sent and the same values read. If a later
 * driver version no longer has the shapes relied on here, nothing is adjusted (`tuneBoltChannel`
 * says so, and tests/unit/db/driver/boltChannel.test.ts fails to flag it).
 */

/** The write buffer: the whole of our largest statements with their parameters; below Bolt's 65,535-byte chunk limit. */
export const WRITE_BUFFER_BYTES = 16_384;

interface ChannelBuffer {
  _buffer: Buffer;
  position: number;
  length: number;
}
interface ChunkerLike {
  _bufferSize: number;
}
interface DechunkerLike {
  _currentMessage: ChannelBuffer[];
}
interface ChannelModule {
  Chunker?: { prototype: { flush?: (this: ChunkerLike) => unknown } };
  Dechunker?: { prototype: { _onHeader?: (this: DechunkerLike, header: number) => unknown } };
  alloc?: (buffer: Buffer) => ChannelBuffer;
}

let outcome: boolean | null = null;

/** The channel module of the neo4j-driver this project loads (resolved from the driver itself, so the same copy). */
function channelModule(): ChannelModule | null {
  try {
    const fromHere = createRequire(import.meta.url);
    const fromDriver = createRequire(fromHere.resolve('neo4j-driver'));
    const fromBolt = createRequire(fromDriver.resolve('neo4j-driver-bolt-connection'));
    return fromBolt('./channel/index.js') as ChannelModule;
  } catch {
    return null;
  }
}

/**
 * Adjusts the driver's Bolt channel as described above, once per process; true when it is (or was
 * already) adjusted, false when the driver's internals are not what this expects.
 */
export function tuneBoltChannel(): boolean {
  if (outcome !== null) return outcome;
  const channel = channelModule();
  const flush = channel?.Chunker?.prototype.flush;
  const onHeader = channel?.Dechunker?.prototype._onHeader;
  const alloc = channel?.alloc;
  if (!channel || typeof flush !== 'function' || typeof onHeader !== 'function' || typeof alloc !== 'function') {
    outcome = false;
    return outcome;
  }
  // The buffer is reallocated at each flush with _bufferSize: from the first flush (the connection's
  // HELLO) on, every buffer is the larger one.
  channel.Chunker!.prototype.flush = function (this: ChunkerLike) {
    if (this._bufferSize < WRITE_BUFFER_BYTES) this._bufferSize = WRITE_BUFFER_BYTES;
    return flush.call(this);
  };
  // Header 0 ends a message: its slices, when more than one, become one buffer before it is read.
  channel.Dechunker!.prototype._onHeader = function (this: DechunkerLike, header: number) {
    const parts = this._currentMessage;
    if (header === 0 && parts.length > 1 && parts.every((part) => Buffer.isBuffer(part?._buffer))) {
      this._currentMessage = [
        alloc(Buffer.concat(parts.map((part) => part._buffer.subarray(part.position, part.length)))),
      ];
    }
    return onHeader.call(this, header);
  };
  outcome = true;
  return outcome;
}
