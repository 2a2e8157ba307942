import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_USER_AGENT_LENGTH, parseUserAgent } from '../../src/tracking/user-agent.js';

const browsers: [string, ReturnType<typeof parseUserAgent>['deviceType'], string | null, string | null][] = [
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36', 'desktop', 'Chrome 120', 'Windows 10'],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0', 'desktop', 'Firefox 121', 'Windows 10'],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91', 'desktop', 'Edge 120', 'Windows 10'],
  ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15', 'desktop', 'Safari 17', 'macOS 10.15.7'],
  ['Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0', 'desktop', 'Firefox 121', 'Linux'],
  ['Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36', 'desktop', 'Chrome 120', 'Chromium OS 14541.0.0'],
  ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1', 'smartphone', 'Mobile Safari 17', 'iOS 17.0'],
  ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1', 'smartphone', 'Chrome 120', 'iOS 17.1'],
  ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.43 Mobile Safari/537.36', 'smartphone', 'Chrome 120', 'Android 14'],
  ['Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36', 'smartphone', 'Samsung Internet 23', 'Android 13'],
  ['Mozilla/5.0 (Android 14; Mobile; rv:121.0) Gecko/121.0 Firefox/121.0', 'smartphone', 'Firefox 121', 'Android 14'],
  ['Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1', 'tablet', 'Mobile Safari 16', 'iOS 16.6'],
  ['Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36', 'tablet', 'Chrome 120', 'Android 13'],
  ['Mozilla/5.0 (Linux; Android 11; KFTRWI) AppleWebKit/537.36 (KHTML, like Gecko) Silk/120.3.1 like Chrome/120.0.6099.216 Safari/537.36', 'tablet', 'Silk 120', 'Android 11'],
  ['Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/4.0 Chrome/76.0.3809.146 TV Safari/537.36', 'other', 'Samsung Internet 4', 'Tizen 6.0'],
];

const bots = [
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.216 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36',
  'Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)',
  'Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)',
  'DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)',
  'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  'Twitterbot/1.0',
  'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
  'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)',
  'Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)',
  'Mozilla/5.0 (compatible; MJ12bot/v1.4.8; http://mj12bot.com/)',
  'Mozilla/5.0 (Linux; Android 7.0;) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; PetalBot;+https://webmaster.petalsearch.com/site/petalbot)',
  'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)',
  'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)',
  'CCBot/2.0 (https://commoncrawl.org/faq/)',
  'curl/8.4.0',
  'Wget/1.21.4',
  'python-requests/2.31.0',
  'Go-http-client/1.1',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.109 Safari/537.36',
  'Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse',
  'Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)',
  'AcmeCrawler/3.1 (+https://acme.example/crawler)',
  'tiny-spider 0.1',
  'Mozilla/5.0 (compatible; ExampleBot/1.0)',
];

describe('user agents', () => {
  for (const [ua, deviceType, browser, os] of browsers) {
    it(`reads ${browser} on ${os} as ${deviceType}`, () => {
      assert.deepEqual(parseUserAgent(ua), { deviceType, browser, os, isBot: false });
    });
  }

  it('recognises the common crawlers, link previewers, HTTP libraries and headless browsers', () => {
    for (const ua of bots) {
      const info = parseUserAgent(ua);
      assert.equal(info.isBot, true, ua);
      assert.equal(info.deviceType, 'bot', ua);
    }
  });

  it('still names the browser a bot imitates', () => {
    assert.equal(parseUserAgent(bots[1]).browser, 'Chrome 120');
    assert.equal(parseUserAgent(bots[1]).os, 'Android 6.0.1');
  });

  it('treats an empty or missing header as a bot with nothing known', () => {
    for (const ua of ['', '   ', '\u0000\u0001', undefined as unknown as string, 42 as unknown as string]) {
      assert.deepEqual(parseUserAgent(ua), { deviceType: 'bot', browser: null, os: null, isBot: true });
    }
  });

  it('reads control characters as spaces, so they cannot hide a bot token', () => {
    assert.equal(parseUserAgent('Mozilla/5.0 (compatible;\u0000Googlebot/2.1)').isBot, true);
    const chrome = parseUserAgent(`${browsers[0][0]}\r\n\u001b[31m`);
    assert.equal(chrome.browser, 'Chrome 120');
    assert.equal(chrome.isBot, false);
  });

  it('parses only the first 512 characters', () => {
    const padded = `${browsers[0][0]} ${'x'.repeat(MAX_USER_AGENT_LENGTH)} Googlebot/2.1`;
    assert.deepEqual(parseUserAgent(padded), parseUserAgent(browsers[0][0]));
  });

  it('returns quickly and never throws on hostile input', () => {
    const hostile = [
      'a'.repeat(10_000),
      '('.repeat(10_000),
      ';'.repeat(10_000),
      ' '.repeat(10_000),
      'Mozilla/5.0 ('.repeat(800),
      `Mozilla/5.0 (Linux; Android ${'1.'.repeat(5_000)})`,
      `Mozilla/5.0 (iPhone; CPU iPhone OS ${'1_'.repeat(5_000)}`,
      `Chrome/${'9'.repeat(10_000)}`,
      `Mozilla/5.0 (Windows NT 10.0${'; '.repeat(5_000)}`,
      `${'Mozilla/5.0 (compatible; '.repeat(200)}${'\u0000\u0007\u001b'.repeat(1_000)}`,
      Array.from({ length: 10_000 }, (_, i) => String.fromCharCode(i % 0xd800)).join(''),
      '\ud800'.repeat(5_000),
    ];
    parseUserAgent(hostile[0]); // compiles the parser's expressions once
    for (const ua of hostile) {
      const started = performance.now();
      const info = parseUserAgent(ua);
      const ms = performance.now() - started;
      // Catastrophic backtracking would take seconds; a loaded CI machine, a few dozen ms.
      assert.ok(ms < 1_000, `${ms.toFixed(1)} ms for ${JSON.stringify(ua.slice(0, 20))}`);
      assert.ok(['desktop', 'smartphone', 'tablet', 'bot', 'other'].includes(info.deviceType));
      assert.ok(info.browser === null || info.browser.length <= MAX_USER_AGENT_LENGTH);
    }
  });

  it('parses many distinct user agents past the cache size consistently', () => {
    for (let i = 0; i < 2_500; i++) {
      const info = parseUserAgent(`Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${100 + (i % 30)}.0.${i}.0 Safari/537.36`);
      assert.equal(info.browser, `Chrome ${100 + (i % 30)}`);
      assert.equal(info.deviceType, 'desktop');
    }
  });
});
