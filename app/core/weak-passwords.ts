/**
 * Passwords that attackers try first. Not exhaustive: length (≥ 8) does most of the work; this catches the
 * obvious ones, including the product's own name.
 */
const WEAK = new Set(
  `password password1 password12 password123 password1234 passw0rd p@ssw0rd p@ssword 12345678 123456789
1234567890 0123456789 87654321 11111111 00000000 12341234 11223344 qwertyui qwerty12 qwerty123 qwerty1234
qwertyuiop asdfghjk asdfghjkl zxcvbnm1 1q2w3e4r 1q2w3e4r5t q1w2e3r4 abcd1234 abc12345 abcdefgh iloveyou
iloveyou1 sunshine princess football baseball superman batman123 trustno1 welcome1 welcome123 letmein1
letmein123 monkey123 dragon123 master123 shadow123 michael1 jennifer charlie1 freedom1 whatever starwars
computer internet changeme changeme1 default1 administrator admin123 admin1234 adminadmin rootroot
secret123 test1234 testtest guest123 login123 summer2024 summer2025 winter2025 spring2026 autumn2026
earshot1 earshot123 earshot2026 reputation reviews1`.split(/\s+/),
);

export function isWeakPassword(password: string): boolean {
  const lower = password.toLowerCase();
  return WEAK.has(lower) || /^(.)\1+$/.test(password) || /^(0123456789|1234567890|abcdefghij)/.test(lower);
}
