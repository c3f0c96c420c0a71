import { runService } from '@fugong/http';
import { buildApp } from './app.ts';

await runService({ name: 'monitor', defaultPort: 3005, build: buildApp });
