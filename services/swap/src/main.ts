import { runService } from '@fugong/http';
import { buildApp } from './app.ts';

await runService({ name: 'swap', defaultPort: 3003, build: buildApp });
