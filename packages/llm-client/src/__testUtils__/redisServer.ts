import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { freePort } from '@internal/backend-test-kit';

/** A throwaway Debian `redis-server` on a free loopback port, with persistence off. */
export class RedisServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static available(): boolean {
    return fs.existsSync('/usr/bin/redis-server');
  }

  static async start(): Promise<RedisServer> {
    const port = await freePort();
    const child = spawn(
      '/usr/bin/redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (await canConnect(port)) break;
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`redis-server did not listen on ${port} within 10 s`);
      }
      await new Promise(r => setTimeout(r, 50));
    }
    return new RedisServer(child, `redis://127.0.0.1:${port}`);
  }

  async stop(): Promise<void> {
    await new Promise<void>(resolve => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
