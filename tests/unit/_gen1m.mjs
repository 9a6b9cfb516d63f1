import { writeFileSync } from 'node:fs';
let seed = 42;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const codes = Array.from({ length: 228 }, (_, i) =>
  String.fromCharCode(65 + (i % 26), 65 + (((i / 26) | 0) % 26), 65 + ((i * 7) % 26))
);
const parts = ['month,day_of_week,hour,distance,origin,destination,delayed\n'];
for (let i = 0; i < 1_000_000; i++) {
  parts.push(
    `${1 + ((i / 170000) | 0)},${1 + (i % 7)},${((i / 60) | 0) % 24},${100 + ((rnd() * 2500) | 0)},${codes[(rnd() * 228) | 0]},${codes[(rnd() * 228) | 0]},${rnd() < 0.2 ? 1 : 0}\n`
  );
}
writeFileSync(process.argv[2], parts.join(''));
