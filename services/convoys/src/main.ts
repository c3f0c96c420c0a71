import { runService } from '@fugong/http';
import { buildApp } from './app.ts';

await runService({ name: 'convoys', defaultPort: 3006, build: buildApp });
