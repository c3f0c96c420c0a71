import { runService } from '@fugong/http';
import { buildApp } from './app.ts';

await runService({ name: 'matcher', defaultPort: 3002, build: buildApp });
