import { backendConformance } from '../testing/conformance.js';
import { MemoryBackend } from './memory-backend.js';

describe('MemoryBackend conformance', () => {
  backendConformance(async () => {
    const backend = new MemoryBackend();
    return {
      backend,
      compact: async () => backend.compact(),
      close: () => backend.close(),
    };
  });
});
