/** A test page for protection: 10 e-mail addresses and 10 phone numbers in the places pages put them. */

export const TWENTY = [
  'ana.lima@exemplo.com.br',
  'jean-luc.picard@starfleet.example',
  'o.connor+news@mail.example.ie',
  'support@acme-widgets.example',
  'kim.soo-min@corp.example.kr',
  'sales@shop.example.co.uk',
  'hello@tiny.example',
  'z.wu@university.example.edu',
  'noreply@alerts.example.net',
  'f.mueller@firma.example.de',
  '+1 415-555-0123',
  '+44 20 7946 0958',
  '+49 30 901820',
  '+33 1 42 68 53 00',
  '+81 3-1234-5678',
  '(415) 555-0188',
  '+61 2 9374 4000',
  '+34 912 345 678',
  '+1 (212) 555-0147',
  '+39 06 6982 4000',
];

export function twentyPage(): string {
  const [a, b, c, d, e, f, g, h, i, j, ...phones] = TWENTY;
  const entity = (text: string) => text.replace('@', '&#64;').replace(/\./g, '&#46;');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Contact us</title>
<style>body { font: 16px sans-serif } .standin-protected { vertical-align: middle }</style></head>
<body>
<h1>Contact</h1>
<p>Write to <a href="mailto:${a}">${a}</a> or to ${entity(b ?? '')}.</p>
<ul>
  <li>Press: ${c}
  <li>Support: <span>${(d ?? '').split('@')[0]}</span>@${(d ?? '').split('@')[1]}
  <li>Korea office &mdash; ${e}</li>
</ul>
<table><tr><td>Sales</td><td>${f}</td></tr><tr><td>Hello</td><td><em>${g}</em></td></tr></table>
<p>Research: ${h}; alerts come from ${i}. Deutschland: <b>${j}</b></p>
<h2>Telephone</h2>
<p>US ${phones[0]}, UK ${phones[1]}, Berlin ${phones[2]}, Paris ${phones[3]}, Tokyo ${phones[4]}.</p>
<p>Local: ${phones[5]} &middot; Sydney ${phones[6]} &middot; Madrid ${phones[7]}</p>
<p>New York <a href="tel:x">${phones[8]}</a>, Roma ${phones[9]}</p>
</body></html>
`;
}
