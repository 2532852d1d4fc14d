import { createServer, connect, type Server, type Socket } from "node:net";

/**
 * A TCP proxy in front of the emulator that can go down: then its port refuses
 * connections, as a Transmit that is down does, until it comes up again on the same port.
 */
export async function startSwitchableProxy(target: URL) {
  const sockets = new Set<Socket>();
  const pipe = (client: Socket) => {
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  };
  const listen = (server: Server, port: number) => new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  let server = createServer(pipe);
  let listening = true;
  await listen(server, 0);
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    async down() {
      if (!listening) return;
      listening = false;
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
    async up() {
      if (listening) return;
      server = createServer(pipe);
      await listen(server, port);
      listening = true;
    },
    async stop() {
      await this.down();
    },
  };
}
