import { runService } from '@fugong/http';
import { buildApp } from './app.ts';

await runService({ name: 'ingest', defaultPort: 3001, build: buildApp });
