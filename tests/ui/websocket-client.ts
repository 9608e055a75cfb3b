// A WebSocket client (RFC 6455) for text messages over plain TCP: Node 20 has no WebSocket without a flag, and the
// suite runs there too. Enough for a WebDriver BiDi session on loopback: text frames, fragments, ping, close.
import { createHash, randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";

const ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
const TEXT = 0x1;
const CLOSE = 0x8;
const PING = 0x9;
const PONG = 0xa;

export interface TextSocket {
  send(text: string): void;
  onMessage(listener: (text: string) => void): void;
  onClose(listener: () => void): void;
  close(): void;
}

/** Opens a ws:// URL; fails when the server does not accept the upgrade within `timeoutMs`. */
export function connectWebSocket(address: string, timeoutMs: number): Promise<TextSocket> {
  const url = new URL(address);
  if (url.protocol !== "ws:") throw new Error(`only ws:// addresses are supported, not ${address}`);
  const key = randomBytes(16).toString("base64");
  const accept = createHash("sha1").update(key + ACCEPT_GUID).digest("base64");
  return new Promise((resolve, reject) => {
    const tcp = connect(Number(url.port), url.hostname);
    const timer = setTimeout(() => fail(new Error(`no WebSocket upgrade from ${address} within ${timeoutMs} ms`)), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      tcp.destroy();
      reject(error);
    };
    tcp.once("error", fail);
    tcp.once("connect", () => tcp.write([
      `GET ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`, "Upgrade: websocket", "Connection: Upgrade",
      `Sec-WebSocket-Key: ${key}`, "Sec-WebSocket-Version: 13", "", "",
    ].join("\r\n")));
    let head = Buffer.alloc(0);
    const readHead = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      if (end === -1) return;
      tcp.removeListener("data", readHead);
      tcp.removeListener("error", fail);
      const lines = head.subarray(0, end).toString("latin1").split("\r\n");
      const accepted = lines.some((line) => line.toLowerCase() === `sec-websocket-accept: ${accept.toLowerCase()}`);
      if (!/^HTTP\/1\.1 101 /.test(lines[0] ?? "") || !accepted) return fail(new Error(`${address} refused the WebSocket upgrade: ${lines[0]}`));
      clearTimeout(timer);
      resolve(textSocket(tcp, head.subarray(end + 4)));
    };
    tcp.on("data", readHead);
  });
}

function textSocket(tcp: Socket, initial: Buffer): TextSocket {
  const messageListeners: ((text: string) => void)[] = [];
  const closeListeners: (() => void)[] = [];
  let buffered: Buffer = initial;
  let fragments: Buffer[] = [];
  const write = (opcode: number, payload: Buffer) => {
    if (tcp.destroyed) return;
    const length = payload.length;
    const header = Buffer.alloc(length < 126 ? 2 : length < 0x10000 ? 4 : 10);
    header[0] = 0x80 | opcode;
    if (length < 126) header[1] = 0x80 | length;
    else if (length < 0x10000) {
      header[1] = 0x80 | 126;
      header.writeUInt16BE(length, 2);
    } else {
      header[1] = 0x80 | 127;
      header.writeBigUInt64BE(BigInt(length), 2);
    }
    // A client masks every frame it sends.
    const mask = randomBytes(4);
    const masked = Buffer.alloc(length);
    for (let i = 0; i < length; i++) masked[i] = payload[i]! ^ mask[i % 4]!;
    tcp.write(Buffer.concat([header, mask, masked]));
  };
  // Frames wait in the buffer until someone listens.
  const readFrames = () => {
    while (messageListeners.length > 0) {
      if (buffered.length < 2) return;
      const first = buffered[0]!;
      const second = buffered[1]!;
      let offset = 2;
      let length = second & 0x7f;
      if (length === 126) {
        if (buffered.length < 4) return;
        length = buffered.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (buffered.length < 10) return;
        length = Number(buffered.readBigUInt64BE(2));
        offset = 10;
      }
      const mask = (second & 0x80) !== 0 ? buffered.subarray(offset, offset + 4) : undefined;
      if (mask !== undefined) offset += 4;
      if (buffered.length < offset + length) return;
      const payload = Buffer.from(buffered.subarray(offset, offset + length));
      if (mask !== undefined) for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ mask[i % 4]!;
      buffered = buffered.subarray(offset + length);
      const opcode = first & 0x0f;
      if (opcode === CLOSE) {
        write(CLOSE, Buffer.alloc(0));
        tcp.end();
        return;
      }
      if (opcode === PING) write(PONG, payload);
      if (opcode === TEXT || opcode === 0x0) {
        fragments.push(payload);
        if ((first & 0x80) === 0) continue;
        const text = Buffer.concat(fragments).toString("utf8");
        fragments = [];
        for (const listener of messageListeners) listener(text);
      }
    }
  };
  tcp.on("data", (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    readFrames();
  });
  tcp.on("error", () => tcp.destroy());
  tcp.once("close", () => {
    for (const listener of closeListeners) listener();
  });
  return {
    send: (text) => write(TEXT, Buffer.from(text, "utf8")),
    onMessage(listener) {
      messageListeners.push(listener);
      readFrames();
    },
    onClose: (listener) => void closeListeners.push(listener),
    close() {
      write(CLOSE, Buffer.alloc(0));
      tcp.end();
      setTimeout(() => tcp.destroy(), 1_000).unref();
    },
  };
}
