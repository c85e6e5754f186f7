import { parseSyslog } from './src/intake/syslog/header.js';
const L = (n: number) => `<134>1 - proxy-1 kamailio - - - reply: rs=486 rr="Busy Here" rm=INVITE ci=bench-${n}@192.0.2.10 cs=1 si=203.0.113.7 sp=5060`;
const lines = Array.from({ length: 100000 }, (_, i) => L(i));
for (let r = 0; r < 5; r++) { const t = performance.now(); let x = 0; for (const l of lines) x += parseSyslog(l).message.length; console.log(((performance.now() - t) / lines.length * 1000).toFixed(2), x); }
const PRI = /^<(\d{1,3})>/;
for (let r = 0; r < 3; r++) { const t = performance.now(); let x = 0; for (const l of lines) x += PRI.exec(l)![1]!.length; console.log('pri', ((performance.now() - t) / lines.length * 1000).toFixed(2), x); }
