import type { FormatSpec } from '../model';
import { apache } from './apache';
import { coredns } from './coredns';
import { envoyIstio } from './envoyIstio';
import { goService } from './goService';
import { jsonGo } from './jsonGo';
import { kafka } from './kafka';
import { klog } from './klog';
import { logfmt } from './logfmt';
import { mysql } from './mysql';
import { nginxIngress } from './nginxIngress';
import { nodeJournal } from './journal';
import { nodejs } from './nodejs';
import { postgres } from './postgres';
import { python } from './python';
import { redis } from './redis';
import { springBoot } from './springBoot';

/** Every format of the corpus, in report order. */
export const FORMATS: readonly FormatSpec[] = [
  nginxIngress,
  envoyIstio,
  apache,
  klog,
  nodeJournal,
  coredns,
  logfmt,
  jsonGo,
  nodejs,
  springBoot,
  python,
  goService,
  postgres,
  mysql,
  redis,
  kafka,
];
