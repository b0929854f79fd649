// The server of `npm run soak`: mockca from dist/ in a child process started with --expose-gc,
// so the soak can ask for a full collection before it reads the memory figures (RSS alone keeps
// what V8 has not given back yet and cannot tell a leak from a lazy heap).
import { startMockCa } from '../dist/index.js';

const handle = await startMockCa(JSON.parse(process.argv[2]));
process.send({ urls: handle.urls });
process.on('message', async (m) => {
  if (m === 'memory') {
    globalThis.gc?.();
    globalThis.gc?.();
    const { rss, heapUsed, external } = process.memoryUsage();
    process.send({ memory: { rss, heapUsed, external } });
  } else if (m === 'stop') {
    await handle.close();
    process.exit(0);
  }
});
