// A worker thread does not inherit the TypeScript loader its server runs under (tsx): register it here,
// then run the simulation worker from its sources.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
