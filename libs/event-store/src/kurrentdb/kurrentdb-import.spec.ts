import { EventStoreUnsupportedError, type ImportEvent } from '../index';
import { KurrentDbEventStore } from './kurrentdb-event-store';

/** No server needed: the client connects lazily, and importRecorded refuses before any round trip. */
describe('KurrentDbEventStore.importRecorded', () => {
  it('is unsupported: KurrentDB assigns positions itself, so a copy could not keep them', async () => {
    const store = await KurrentDbEventStore.open({ connectionString: 'kurrentdb://127.0.0.1:1?tls=false' });
    try {
      const event: ImportEvent = {
        id: '6f1c6a3e-2b7d-4c1e-9a53-0c8f5d1e2a77',
        stream: 's',
        revision: 0n,
        position: 1n,
        type: 'Imported',
        data: {},
        metadata: {},
        recordedAt: new Date(),
      };
      const error = await store.importRecorded([event]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EventStoreUnsupportedError);
      expect((error as Error).message).toMatch(/cannot import events at their recorded positions/);
    } finally {
      await store.close();
    }
  });
});
