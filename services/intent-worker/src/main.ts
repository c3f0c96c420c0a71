import { runService } from '@fugong/http';
import { buildApp } from './app.ts';

await runService({ name: 'intent-worker', defaultPort: 3004, build: buildApp });
