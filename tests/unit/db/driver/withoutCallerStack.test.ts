import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { withoutCallerStack } from '../../../../src/db/driver/RequestTransaction.ts';

describe('driver statements without the caller stack capture', () => {
  it("leaves the driver's Result without a captured stack, and the stack limit as it was", async () => {
    // Nothing listens on port 1: the statement fails to connect, after the Result was made.
    const driver = neo4j.driver('bolt://127.0.0.1:1', neo4j.auth.basic('neo4j', 'x'), { connectionTimeout: 1_000 });
    const session = driver.session();
    try {
      const limit = Error.stackTraceLimit;
      const plain = session.run('RETURN 1');
      const light = withoutCallerStack(() => session.run('RETURN 1'));
      expect(Error.stackTraceLimit).toBe(limit);
      // The driver's own record of the caller's stack: frames normally, none here.
      expect((plain as unknown as { _stack: string })._stack).toMatch(/\n?\s*at .*withoutCallerStack\.test\.ts/);
      expect((light as unknown as { _stack: string })._stack).not.toMatch(/\bat /);
      // The failure itself still arrives, with its message.
      await expect(light).rejects.toThrow();
      await plain.catch(() => undefined);
    } finally {
      await session.close().catch(() => undefined);
      await driver.close();
    }
  });

  it('restores the stack limit when the call throws', () => {
    const limit = Error.stackTraceLimit;
    expect(() =>
      withoutCallerStack(() => {
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(Error.stackTraceLimit).toBe(limit);
  });
});
