/* eslint-disable no-console */
// Runs the ZITADEL stand-in for local sign-in: yarn workspace @internal/zitadel-standin serve [port]
import { demoDirectory } from './demoDirectory';
import { ZitadelStandIn } from './ZitadelStandIn';

async function main() {
  const port = Number(process.argv[2] ?? 8088);
  const standIn = await ZitadelStandIn.start({
    directory: demoDirectory(),
    port,
  });
  console.log(
    `ZITADEL stand-in at ${standIn.url} (users alice, bob, carol; password = user name)`,
  );
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
