import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on a module of this package, named by its `.ts` URL: the compiled `.js`
 * beside it when this package runs compiled; under tsx (the modules are `.ts`) through a bootstrap
 * that registers tsx's loader in the new thread first, because a worker does not inherit the loader
 * of `node --import tsx` on every Node version.
 */
export function startModuleWorker(entry: URL, options: WorkerOptions = {}): Worker {
  const typescript = /\.[mc]?ts$/.test(new URL(import.meta.url).pathname);
  const module = typescript ? entry : new URL(entry.href.replace(/\.ts$/, '.js'));
  if (!typescript) return new Worker(module, options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(module.href)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}
