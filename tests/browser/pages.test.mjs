// Browser tests of trialfinder's pages in Debian's headless Chromium, driven
// by playwright-core. The test builds its own database from the bundled
// sample, creates an editor account, starts the real server on a free
// loopback port and stops it at the end.
//
//   node --test pages.test.mjs   (TRIALFINDER_BIN, TRIALFINDER_SAMPLE, and
//   TRIALFINDER_SCREENSHOTS for where the screenshots go; see CMakeLists.txt)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const binary = process.env.TRIALFINDER_BIN;
const sample = process.env.TRIALFINDER_SAMPLE;
const work = mkdtempSync(path.join(tmpdir(), 'trialfinder-browser-'));
const screenshots = process.env.TRIALFINDER_SCREENSHOTS || path.join(work, 'screenshots');
const editorName = 'editor1';
const editorPassword = 'a long enough test password';

let server;
let base;
let browser;

function run(args, input) {
  const result = spawnSync(binary, args, { input, encoding: 'utf8' });
  assert.equal(result.status, 0, `trialfinder ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

before(async () => {
  assert.ok(binary && sample, 'set TRIALFINDER_BIN and TRIALFINDER_SAMPLE');
  mkdirSync(screenshots, { recursive: true });
  const db = path.join(work, 'db');
  run(['ingest', '--db', db, path.join(sample, 'studies.jsonl'), path.join(sample, 'seed-studies')]);
  run(['editor', 'add', '--db', db, '--name', editorName], editorPassword + '\n');
  server = spawn(binary, ['serve', '--db', db, '--port', '0', '--access-log', path.join(work, 'access.log')]);
  base = await new Promise((resolve, reject) => {
    let output = '';
    server.stdout.on('data', (chunk) => {
      output += chunk;
      const found = output.match(/on (http:\/\/127\.0\.0\.1:\d+)\//);
      if (found) resolve(found[1]);
    });
    server.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
    setTimeout(() => reject(new Error('server did not start')), 20000);
  });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.kill('SIGTERM');
  rmSync(path.join(work, 'db'), { recursive: true, force: true });
});

async function newPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  return context.newPage();
}

// axe-core, evaluated in the page (not a script tag, which the pages'
// Content-Security-Policy refuses).
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// No serious or critical accessibility violation in the page as it is now
// (issue 25: every page state).
async function assertAccessible(page, state) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(bad, [], `axe violations on ${state}`);
}

async function sectionText(page, id) {
  return page.locator(`section#${id}`).innerText();
}

// Every visible form control has a label.
async function assertLabelled(page) {
  const unlabelled = await page.$$eval('input:not([type=hidden]), select, textarea', (controls) =>
    controls.filter((c) => !(c.id && document.querySelector(`label[for="${c.id}"]`)) && !c.closest('label'))
      .map((c) => c.name));
  assert.deepEqual(unlabelled, []);
}

test('search page finds lupus trials, with facets and a shareable URL', async () => {
  const page = await newPage();
  await page.goto(base + '/');
  assert.equal(await page.locator('h1').innerText(), 'Find a clinical trial');
  await assertLabelled(page);
  await assertAccessible(page, 'the empty search page');
  await page.fill('#q', 'lupus');
  await Promise.all([page.waitForURL(/q=lupus/), page.click('form.search button[type=submit]')]);
  const total = await page.locator('#total').innerText();
  assert.match(total, /^\d+ trials? found$/);
  assert.ok(Number(total.split(' ')[0]) >= 2, total);
  const titles = await page.locator('.hit h2 a').allInnerTexts();
  assert.ok(titles.some((t) => t.includes('KITE-363')), titles.join(' | '));
  assert.ok(await page.locator('.facets h3').count() >= 2, 'facet groups shown');
  assert.match(await page.locator('.hit .sites').first().innerText(), /sites?:/);
  await page.screenshot({ path: path.join(screenshots, 'search.png'), fullPage: true });
  await assertAccessible(page, 'search results');

  // The URL alone reproduces the results (shareable).
  const again = await newPage();
  await again.goto(page.url());
  assert.equal(await again.locator('#total').innerText(), total);
  // A facet narrows the list.
  // Facets and badges say codes in words; the link keeps the code.
  await Promise.all([page.waitForURL(/phase=PHASE1/), page.click('.facets a:text-is("Phase 1")')]);
  const narrowed = await page.locator('.hit .meta').allInnerTexts();
  assert.ok(narrowed.length > 0 && narrowed.every((m) => m.includes('Phase 1')), narrowed.join(' | '));
  await assertAccessible(page, 'search results with a facet chosen');
  // The chosen facet shows as chosen, the form's select says it, it
  // survives pressing Search, and its link removes it (issue 25).
  assert.match(await page.locator('.facets li.active').first().innerText(), /Phase 1 \(remove\)/);
  assert.equal(await page.inputValue('#phase'), 'PHASE1');
  await Promise.all([page.waitForURL(/phase=PHASE1/), page.click('form.search button[type=submit]')]);
  assert.equal(await page.locator('.facets li.active').count(), 1);
  await page.goto(base + '/?q=lupus&status=ANY&type=INTERVENTIONAL');
  assert.match(await page.locator('#narrowed').innerText(), /Study type: Interventional/);
  await Promise.all([page.waitForURL(/type=INTERVENTIONAL/), page.click('form.search button[type=submit]')]);
  await Promise.all([page.waitForURL((url) => !url.search.includes('type=')), page.click('#narrowed a.chip')]);
  assert.equal(await page.locator('#narrowed').count(), 0);
  // Past the first 8 values, a facet's others are behind "N more".
  await page.goto(base + '/?q=cancer&status=ANY');
  const more = page.locator('.facets details.more-facets summary');
  assert.ok(await more.count() >= 1, 'a facet with more than 8 values');
  await more.first().click();
  assert.ok(await page.locator('.facets details.more-facets li a').first().isVisible());
  // A status chosen from the facets is the select's value too.
  await page.goto(base + '/?q=lupus&status=WITHDRAWN');
  assert.equal(await page.inputValue('#status'), 'WITHDRAWN');
  await page.goto(base + '/?q=lupus&phase=PHASE1');
  // Near a city: sites carry their distance.
  await page.goto(base + '/?q=lupus&near=Stanford&distance=2000&status=ANY');
  assert.match(await page.locator('.hit .sites').first().innerText(), /\d+ km/);
  await page.goto(base + '/?q=qqqzzznothing');
  await assertAccessible(page, 'a search that finds nothing');
});

test('trial page NCT07038447 shows every section of the registry page', async () => {
  const page = await newPage();
  await page.goto(base + '/?q=lupus');
  await Promise.all([page.waitForURL(/\/study\/NCT07038447$/), page.click('a[href="/study/NCT07038447"]')]);
  assert.equal(await page.locator('h1').innerText(), 'A Study of KITE-363 in Participants With Refractory Autoimmune Diseases');
  assert.equal(await page.locator('#nct-id').innerText(), 'NCT07038447');
  assert.match(await sectionText(page, 'results'), /Results pending[\s\S]*Check back later for updates/);
  // Each section says in a line what it holds (seed 000).
  assert.ok(await page.locator('section .section-hint').count() >= 12);
  assert.match(await page.locator('section#eligibility .section-hint').innerText(), /Who can take part/);
  const basic = await sectionText(page, 'basic-information');
  for (const expected of ['ENROLLING_BY_INVITATION', 'PHASE1', '52 participants', 'INTERVENTIONAL', '2025-07-02', '2029-07-31']) {
    assert.ok(basic.includes(expected), `basic information lacks ${expected}: ${basic}`);
  }
  assert.match(await sectionText(page, 'brief-summary'), /learn more about the study drug KITE-363/);
  assert.equal(await page.locator('section#detailed-description').count(), 0, 'an empty section is omitted');
  assert.deepEqual(await page.locator('section#conditions li').allInnerTexts(),
    ['Systemic Lupus Erythematosus', 'Lupus Nephritis', 'Systemic Sclerosis', 'Idiopathic Inflammatory Myopathy']);
  const design = await sectionText(page, 'study-design');
  for (const expected of ['NON_RANDOMIZED', 'SEQUENTIAL', 'TREATMENT', 'NONE']) assert.ok(design.includes(expected), design);
  const groups = await page.locator('section#study-groups .card h3').allInnerTexts();
  assert.deepEqual(groups, ['Phase 1a: KITE-363 (Dose Escalation)', 'Phase 1b: KITE-363 (Dose Expansion)']);
  assert.match(await page.locator('section#study-groups .card').first().innerText(), /Fludarabine[\s\S]*Intervention Type DRUG/);
  assert.deepEqual(await page.locator('section#interventions li strong').allInnerTexts(), ['KITE-363', 'Fludarabine', 'Cyclophosphamide']);
  // Eligibility: inclusion and exclusion as separate nested lists.
  assert.ok(await page.locator('#inclusion > ul > li').count() >= 3);
  assert.ok(await page.locator('#exclusion > ul > li').count() >= 3);
  // Cohort blocks the record separates by blank lines only are labelled:
  // the SSc age limit sits under "For Systemic Sclerosis" (issue 25).
  assert.deepEqual(await page.locator('#inclusion > ul > li.cohort > strong').allInnerTexts(),
    ['For Systemic Lupus Erythematosus:', 'For Lupus Nephritis:', 'For Systemic Sclerosis:', 'For Idiopathic Inflammatory Myopathy:']);
  assert.match(await page.locator('#inclusion li.cohort[data-cohort="Systemic Sclerosis"]').innerText(), /Age ≥ 18 and ≤ 60/);
  const eligibility = await sectionText(page, 'eligibility');
  for (const expected of ['Minimum Eligible Age', '18 Years', 'Maximum Eligible Age', '75 Years', 'Eligible Sex', 'ALL', 'Accepts Healthy Volunteers']) {
    assert.ok(eligibility.includes(expected), `eligibility lacks ${expected}`);
  }
  assert.match(await sectionText(page, 'sponsors'), /Kite, A Gilead Company[\s\S]*INDUSTRY[\s\S]*lead/);
  assert.match(await sectionText(page, 'responsible-party'), /SPONSOR/);
  assert.match(await sectionText(page, 'investigators'), /Kite Study Director[\s\S]*STUDY_DIRECTOR/);
  const locations = await sectionText(page, 'locations');
  for (const site of ['City of Hope', 'Stanford University', "St Vincent's Hospital", 'Jewish General Hospital']) {
    assert.ok(locations.includes(site), `locations lack ${site}`);
  }
  assert.match(locations, /Site Status/);
  assert.deepEqual(await page.locator('section#countries li').allInnerTexts(), ['United States', 'Australia', 'Canada']);
  assert.match(await sectionText(page, 'identifiers'), /KT-US-720-0203[\s\S]*org_study_id/);
  const related = await page.locator('section#related a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  assert.ok(related.includes('/study/NCT07193810'), related.join(' '));
  await page.screenshot({ path: path.join(screenshots, 'study-NCT07038447.png'), fullPage: true });
  await assertAccessible(page, 'the trial page');

  // This record's sites have no coordinates: they are placed by their city.
  // Every distance says "about" (the registry's coordinates are a city's too).
  await page.goto(base + '/study/NCT07038447?near=Stanford');
  const approximate = await page.locator('section#locations .distance').allInnerTexts();
  assert.ok(approximate.length >= 3, approximate.join(' | '));
  assert.ok(approximate.every((d) => d.startsWith('about ')), approximate.join(' | '));
  assert.match(approximate[0], /^about [0-9](\.[0-9])? km/);  // the Stanford site, a few km from the centre
});

test('contacts are tappable on both trial pages', async () => {
  const page = await newPage();
  await page.goto(base + '/study/NCT01174615');
  assert.deepEqual(await page.locator('section#contacts a[href^="tel:"]').evaluateAll((links) => links.map((a) => a.getAttribute('href'))),
    ['tel:7744423903', 'tel:7744554478']);
  assert.equal(await page.locator('section#contacts a[href="mailto:Jan.Cerny@umassmemorial.org"]').count(), 1);
  assert.ok(await page.locator('section#locations .site-contact').count() >= 1);
  await page.goto(base + '/study/NCT01174615/plain');
  assert.ok(await page.locator('#study-contacts a[href="tel:7744423903"]').count() === 1);
});

test('paging says where it is and goes back and forth', async () => {
  const page = await newPage();
  await page.goto(base + '/?q=leukemia&status=ANY');
  const total = Number((await page.locator('#total').innerText()).split(' ')[0]);
  assert.ok(total > 40, `${total} trials`);
  assert.equal(await page.locator('#range').innerText(), `, showing 1\u201320 of ${total}`);
  const first = await page.locator('.hit .id').allInnerTexts();
  await Promise.all([page.waitForURL(/pageToken=/), page.click('a[rel=next]')]);
  assert.equal(await page.locator('#range').innerText(), `, showing 21\u201340 of ${total}`);
  const second = await page.locator('.hit .id').allInnerTexts();
  assert.ok(second.every((id) => !first.includes(id)), 'a trial on both pages');
  await Promise.all([page.waitForURL(/pageToken=/), page.click('a[rel=next]')]);
  assert.equal(await page.locator('#range').innerText(), `, showing 41\u2013${Math.min(60, total)} of ${total}`);
  await Promise.all([page.waitForURL(/pageToken=/), page.click('a[rel=prev]')]);
  assert.deepEqual(await page.locator('.hit .id').allInnerTexts(), second);
  await Promise.all([page.waitForURL((url) => !url.search.includes('pageToken')), page.click('a[rel=prev]')]);
  assert.deepEqual(await page.locator('.hit .id').allInnerTexts(), first);
});

test('"lupus near Stanford" finds KITE-363, whose Stanford site has no coordinates', async () => {
  const page = await newPage();
  await page.goto(base + '/');
  await page.fill('#q', 'lupus');
  await page.fill('#near', 'Stanford');
  await Promise.all([page.waitForURL(/near=Stanford/), page.click('form button[type=submit]')]);
  assert.match(await page.locator('#place').innerText(), /Near Stanford, California, United States/);
  const ids = await page.locator('.hit .id').allInnerTexts();
  assert.ok(ids.includes('NCT07038447'), ids.join(' '));
  assert.match(await page.locator('.hit .sites').first().innerText(), /Stanford.*about \d+(\.\d)? km/);
  // A name several places share asks which one; the choice searches there.
  await page.goto(base + '/?q=lupus&near=Portland');
  const choices = await page.locator('#place-choices a').allInnerTexts();
  assert.ok(choices.includes('Portland, Oregon, United States') && choices.includes('Portland, Maine, United States'), choices.join(' | '));
  await Promise.all([page.waitForURL(/Maine/), page.click('#place-choices a:text-is("Portland, Maine, United States")')]);
  assert.match(await page.locator('#place').innerText(), /Portland, Maine/);
  // A ZIP code and an unknown place.
  await page.goto(base + '/?q=lupus&near=94305&distance=100');
  assert.match(await page.locator('#place').innerText(), /94305 \(Stanford, CA/);
  await page.goto(base + '/?q=lupus&near=Qwxzy');
  assert.match(await page.locator('.error').innerText(), /could not find a place called 'Qwxzy'/);
  await assertAccessible(page, 'a search with an unknown place');
  await page.goto(base + '/?q=lupus&near=Portland');
  await assertAccessible(page, 'a search asking which place');
});

test('with a place, a trial page lists sites nearest first with distances', async () => {
  const page = await newPage();
  await page.goto(base + '/study/NCT05843643?near=Stanford');
  assert.match(await sectionText(page, 'locations'), /Distances from Stanford, California, United States, nearest first/);
  const km = async (list) => (await list.locator('.distance').allInnerTexts()).map((d) => Number(d.split(' ')[1]));
  const sorted = (values) => values.every((v, i) => i === 0 || values[i - 1] <= v);
  // Ten sites first, nearest first; all of them behind "Show all N sites"
  // (issue 25), grouped by country and state, nearest first in each.
  const first = page.locator('section#locations > ul.sites');
  assert.equal(await first.locator('> li').count(), 10);
  const nearest = await km(first);
  assert.ok(sorted(nearest), nearest.join(' '));
  const more = page.locator('section#locations details.more-sites summary');
  assert.match(await more.innerText(), /^Show all \d+ sites, by country and state$/);
  await more.click();
  assert.ok(await page.locator('section#locations details.more-sites li').first().isVisible());
  const groups = page.locator('section#locations details.more-sites h3.site-group');
  assert.ok(await groups.count() > 1, 'the other sites are grouped');
  assert.match(await groups.first().innerText(), /^United States: [A-Z][a-z]+( [A-Z][a-z]+)* \(\d+\)$/);
  const lists = page.locator('section#locations details.more-sites ul.sites');
  for (let i = 0; i < await lists.count(); ++i) {
    const values = await km(lists.nth(i));
    assert.ok(sorted(values), `group ${i}: ${values.join(' ')}`);
  }
  // The groups hold every site: their counts add up to the total.
  const counts = (await groups.allInnerTexts()).map((g) => Number(g.match(/\((\d+)\)$/)[1]));
  const total = Number((await more.innerText()).match(/\d+/)[0]);
  assert.equal(counts.reduce((a, b) => a + b, 0), total);
  assert.doesNotMatch(await sectionText(page, 'locations'), /Site Status [A-Z_]{4,}/);
});

test('a study with posted results shows them as tables', async () => {
  const page = await newPage();
  await page.goto(base + '/study/NCT000001');
  const captions = await page.locator('section#results caption').allInnerTexts();
  assert.ok(captions.some((c) => c.startsWith('Participant flow')), captions.join(' | '));
  assert.ok(captions.some((c) => c.startsWith('Baseline')), captions.join(' | '));
  assert.ok(captions.some((c) => c.startsWith('Primary outcome: BMI')), captions.join(' | '));
  assert.ok(captions.some((c) => c.startsWith('Adverse events')), captions.join(' | '));
  assert.equal(await page.locator('section#results').getByText('Results pending').count(), 0);
  await assertAccessible(page, 'a trial page with results');

  // Issue 25: the statistic and its spread named in words, participants
  // analysed, the posted analyses with p-values, adverse events by term,
  // and tables that scroll on a phone inside a focusable box.
  const phone = await newPage({ viewport: { width: 390, height: 844 } });
  await phone.goto(base + '/study/NCT02856893');
  const corners = await phone.locator('section#results thead th:first-child').allInnerTexts();
  assert.ok(corners.includes('Median (IQR)') && corners.includes('Number (84% CI)'), corners.join(' | '));
  assert.ok(corners.every((c) => !/[A-Z]{3,}_[A-Z]/.test(c)), `a code shown: ${corners.join(' | ')}`);
  const rows = await phone.locator('section#results tbody th').allInnerTexts();
  assert.ok(rows.includes('Participants analysed'), 'participants analysed');
  assert.ok(await phone.locator('section#results ul.analyses li').count() >= 1, 'posted analyses listed');
  const termCaptions = await phone.locator('section#results caption').allInnerTexts();
  assert.ok(termCaptions.some((c) => c.startsWith('Serious adverse events by term')), termCaptions.join(' | '));
  assert.ok(termCaptions.some((c) => c.startsWith('Other adverse events by term')), termCaptions.join(' | '));
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `page wider than a phone screen by ${overflow}px`);
  const wrap = phone.locator('section#results .table-wrap').first();
  assert.ok(await wrap.evaluate((box) => box.scrollWidth > box.clientWidth), 'the first wide table scrolls in its box');
  await wrap.focus();
  await phone.keyboard.press('ArrowRight');
  await phone.keyboard.press('ArrowRight');
  // Polled: under load the browser may apply the keys' scroll a frame later.
  const scrolled = await wrap
    .evaluate((box) => new Promise((resolve) => {
      const start = Date.now();
      const check = () => (box.scrollLeft > 0 || Date.now() - start > 5000 ? resolve(box.scrollLeft > 0) : requestAnimationFrame(check));
      check();
    }));
  assert.ok(scrolled, 'the arrow keys scroll a focused table');
  await phone.screenshot({ path: path.join(screenshots, 'results-NCT02856893-phone.png'), fullPage: false });
  await page.goto(base + '/study/NCT04770285');
  const analyses = await page.locator('section#results ul.analyses li').allInnerTexts();
  assert.ok(analyses.some((a) => /\bp [=<>]/.test(a)), analyses.join(' | '));
  await assertAccessible(phone, 'results on a phone');
});

test('patient page NCT07193810 has every section of the plain-language page', async () => {
  const page = await newPage();
  await page.goto(base + '/study/NCT07193810/plain');
  assert.match(await page.locator('#plain-title').innerText(), /^CC312 for relapsed or treatment-resistant .*lupus/);
  assert.match(await page.locator('#plain-summary').innerText(), /early-phase study tests CC312.*adults aged 18 to 65/);
  const facts = await sectionText(page, 'quick-facts');
  // Codes in words, with what they mean for a participant (issue 25).
  for (const expected of ['Early phase 1: A first, very small test in people', 'Interventional: People get', '6 (estimated)', '18 Years to 65 Years', 'CytoCares Inc', 'NCT07193810']) {
    assert.ok(facts.includes(expected), `quick facts lack ${expected}: ${facts}`);
  }
  assert.match(await sectionText(page, 'what-it-studies'), /Researchers want to learn/);
  assert.match(await page.locator('#good-fit').innerText(), /Adults aged 18 to 65/);
  assert.match(await page.locator('#not-a-fit').innerText(), /pregnant/);
  assert.match(await sectionText(page, 'why-it-matters'), /Potential benefit:[\s\S]*CC312/);
  // What the study gives apart from what its criteria mention (issue 25).
  const treatments = await page.locator('section#treatments li').allInnerTexts();
  assert.deepEqual(treatments, ['CC312']);
  // By the section that names them: past treatments apart from those that
  // keep people out (user test: allowed background drugs read as forbidden).
  const asked = await page.locator('section#criteria-drugs ul[aria-labelledby="inclusion-drugs-h"] li').allInnerTexts();
  for (const drug of ['belimumab', 'rituximab', 'tofacitinib']) assert.ok(asked.includes(drug), asked.join(', '));
  const keepOut = await page.locator('section#criteria-drugs ul[aria-labelledby="exclusion-drugs-h"] li').allInnerTexts();
  assert.ok(keepOut.includes('rituximab') && !keepOut.includes('belimumab'), keepOut.join(', '));
  assert.match(await page.locator('#not-a-fit').innerText(), /CAR-T in the last 6 months/);
  assert.match(await sectionText(page, 'criteria-drugs'), /The study does not give these/);
  await page.click('section#eligibility summary');
  assert.match(await sectionText(page, 'eligibility'), /Inclusion Criteria:[\s\S]*Exclusion Criteria:/);
  assert.match(await sectionText(page, 'where'), /Deyang, Sichuan/);
  assert.equal(await page.locator('section#how-to-participate ol li').count(), 3);
  assert.match(await page.locator('#last-reviewed').innerText(), /Not yet reviewed/);
  assert.equal(await page.locator('section#editor').count(), 0, 'no edit form for anonymous readers');
  await page.screenshot({ path: path.join(screenshots, 'plain-NCT07193810.png'), fullPage: true });
  await assertAccessible(page, 'the patient page');
  // How similar studies have performed: said plainly when none posted
  // results; otherwise each links to its results (issue 25).
  assert.match(await page.locator('#similar-results').innerText(), /How similar studies have performed[\s\S]*(has not|None has) posted results yet/);
  const nsclc = await newPage();
  await nsclc.goto(base + '/study/NCT02856893/plain');
  const similar = nsclc.locator('#similar-results');
  assert.match(await similar.innerText(), /(One|\d+) of them posted results|It posted results/);
  const links = await similar.locator('a[href$="#results"]').evaluateAll((all) => all.map((a) => a.getAttribute('href')));
  assert.ok(links.length >= 1 && links.every((href) => /^\/study\/NCT\d+#results$/.test(href)), links.join(' '));
  const phone = await newPage({ viewport: { width: 390, height: 844 } });
  await phone.goto(base + '/study/NCT07193810/plain');
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `page wider than a phone screen by ${overflow}px`);
  await phone.screenshot({ path: path.join(screenshots, 'plain-NCT07193810-phone.png'), fullPage: true });
  await assertAccessible(phone, 'the patient page on a phone');
  // Long site e-mail addresses wrap (user test: the 1,218-site pages were
  // 479 px wide on a 390 px phone).
  for (const wide of ['/study/NCT02465060', '/study/NCT02465060/plain']) {
    await phone.goto(base + wide);
    const sideways = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(sideways <= 1, `${wide} wider than a phone screen by ${sideways}px`);
  }
});

test('logged out, editing is refused and nothing changes', async () => {
  const page = await newPage();
  await page.goto(base + '/study/NCT07193810/plain');
  const before = await page.locator('#plain-title').innerText();
  const response = await page.request.post(base + '/study/NCT07193810/plain', {
    form: { title: 'Defaced title', csrf: 'guess' },
    maxRedirects: 0,
  });
  assert.equal(response.status(), 403);
  await page.reload();
  assert.equal(await page.locator('#plain-title').innerText(), before);
});

test('an editor logs in, overrides a field, marks the page reviewed and sees it shown', async () => {
  const page = await newPage();
  await page.goto(base + '/editor/login');
  await assertLabelled(page);
  await page.fill('#name', editorName);
  await assertAccessible(page, 'the login page');
  await page.fill('#password', 'not the password');
  await page.click('form button[type=submit]');
  assert.match(await page.locator('.error').innerText(), /wrong/);
  await assertAccessible(page, 'a failed login');

  await page.fill('#name', editorName);
  await page.fill('#password', editorPassword);
  await Promise.all([page.waitForURL(base + '/'), page.click('form button[type=submit]')]);
  assert.match(await page.locator('header.site').innerText(), new RegExp(`Editor: ${editorName}`));
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === 'tf_session');
  assert.ok(session && session.httpOnly && session.sameSite === 'Strict', JSON.stringify(cookies));

  await page.goto(base + '/study/NCT07193810/plain');
  const newTitle = 'CC312 for hard-to-treat lupus, myositis and scleroderma';
  await page.fill('#field-title', newTitle);
  await page.check('input[name=reviewed]');
  await Promise.all([page.waitForURL(/\/plain$/), page.click('section#editor button[type=submit]')]);
  assert.equal(await page.locator('#plain-title').innerText(), newTitle);
  assert.match(await page.locator('#last-reviewed').innerText(), new RegExp(`Last reviewed \\d{4}-\\d{2}-\\d{2} by ${editorName}`));
  assert.match(await page.locator('label[for=field-title]').innerText(), new RegExp(`edited by ${editorName}`));
  await assertAccessible(page, 'the patient page with the editor form');

  // Everyone sees the override.
  const reader = await newPage();
  await reader.goto(base + '/study/NCT07193810/plain');
  assert.equal(await reader.locator('#plain-title').innerText(), newTitle);

  // A form without this session's CSRF token is refused.
  const forged = await page.request.post(base + '/study/NCT07193810/plain', { form: { title: 'x', csrf: 'forged' }, maxRedirects: 0 });
  assert.equal(forged.status(), 403);

  // After logout the session no longer edits.
  await Promise.all([page.waitForURL(base + '/'), page.click('header.site button')]);
  const afterLogout = await page.request.post(base + '/study/NCT07193810/plain', { form: { title: 'x' }, maxRedirects: 0 });
  assert.equal(afterLogout.status(), 403);
});

test('match page ranks trials for a patient and asks a next question', async () => {
  const page = await newPage();
  await page.goto(base + '/match');
  await assertLabelled(page);
  await assertAccessible(page, 'the empty match page');
  await page.fill('#age', '45');
  await page.selectOption('#sex', 'FEMALE');
  await page.fill('#conditions', 'systemic lupus erythematosus');
  await page.fill('#description', 'Refractory SLE, anti-dsDNA positive, failed mycophenolate and belimumab.');
  await page.click('form.match-form button[type=submit]');
  await page.waitForSelector('#match-total');
  const kite = page.locator('li.hit', { has: page.locator('a[href="/study/NCT07038447"]') });
  assert.match(await kite.locator('.verdict-badge').innerText(), /likely eligible/);
  await kite.locator('summary').click();
  assert.match(await kite.locator('table.verdicts').innerText(), /met\s+age 45 years/);
  const question = await page.locator('#next-question p').innerText();
  assert.ok(question.endsWith('?'), question);
  await page.screenshot({ path: path.join(screenshots, 'match.png'), fullPage: true });
  await assertAccessible(page, 'match results with a verdict table open');
  // Issue 25: what matching says looks unlike the trial's own status; an
  // assumed "does not apply" is not dressed as "met"; a phone shows it all
  // without sideways scrolling of the page; tap targets are 24 px or more.
  const look = (selector) => page.locator(selector).first().evaluate((e) => {
    const style = getComputedStyle(e);
    return `${style.backgroundColor}|${style.borderRadius}|${style.fontWeight}`;
  });
  assert.notEqual(await look('li.hit .verdict-badge'), await look('li.hit .meta .badge'));
  const met = await kite.locator('tr.v-met .v-mark').first().evaluate((e) => getComputedStyle(e).backgroundColor);
  const assumed = kite.locator('tr.v-assumed .v-mark');
  if (await assumed.count()) {
    assert.notEqual(await assumed.first().evaluate((e) => getComputedStyle(e).backgroundColor), met);
  }
  const phone = await newPage({ viewport: { width: 390, height: 844 } });
  await phone.goto(base + '/match');
  await phone.fill('#age', '45');
  await phone.selectOption('#sex', 'FEMALE');
  await phone.fill('#conditions', 'systemic lupus erythematosus');
  await phone.click('form.match-form button[type=submit]');
  await phone.waitForSelector('#match-total');
  await phone.locator('li.hit details summary').first().click();
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the match page is wider than a phone by ${overflow}px`);
  const small = await phone.$$eval('main a, main button, main summary, main select, main input', (all) =>
    all.filter((e) => e.offsetParent !== null).map((e) => [e.textContent.trim().slice(0, 30) || e.name, e.getBoundingClientRect().height])
      .filter(([, height]) => height < 24));
  assert.deepEqual(small, [], 'tap targets under 24 px');
  await phone.screenshot({ path: path.join(screenshots, 'match-phone.png'), fullPage: false });
  await assertAccessible(phone, 'match results on a phone');
  // Answering keeps the form's values and asks something else.
  await page.click('#next-question button:text-is("No")');
  await page.waitForSelector('#match-total');
  assert.equal(await page.inputValue('#age'), '45');
  const next = await page.locator('#next-question p').count() ? await page.locator('#next-question p').innerText() : '';
  assert.notEqual(next, question);
  await assertAccessible(page, 'match results after an answer');
});
