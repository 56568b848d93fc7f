// A minimal Chrome DevTools Protocol client over --remote-debugging-pipe.
// No npm dependency: Node's child_process gives us the two extra pipes
// (fd 3: commands to the browser, fd 4: replies and events), and messages
// are JSON terminated by a NUL byte. This is the transport Playwright uses.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function findChromium() {
  const candidates = [
    process.env.CLEAVE_CHROMIUM,
    '/usr/lib/chromium/chromium', // Debian's binary, without the wrapper script
    'chromium',
    'chromium-browser',
    'google-chrome',
  ].filter(Boolean);
  for (const c of candidates) {
    if (c.includes('/')) {
      if (fs.existsSync(c)) return c;
      continue;
    }
    try {
      return execFileSync('sh', ['-c', `command -v ${c}`], { encoding: 'utf8' }).trim();
    } catch {
      // not on PATH
    }
  }
  return null;
}

// Launches the Chromium findChromium finds, or exits 77 (skipped) with the
// way to install one: every script here needs a browser or nothing.
export async function launchOrSkip() {
  const binary = findChromium();
  if (!binary) {
    console.log('SKIP: no Chromium found (install the Debian package "chromium" or set CLEAVE_CHROMIUM)');
    process.exit(77);
  }
  return Browser.launch(binary);
}

export class Browser {
  static async launch(binary) {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cleave-chromium-'));
    const args = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      '--allow-file-access-from-files',
      '--remote-debugging-pipe',
      `--user-data-dir=${profile}`,
      'about:blank',
    ];
    const proc = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
    const b = new Browser(proc, profile);
    await b.send('Browser.getVersion');
    return b;
  }

  constructor(proc, profile) {
    this.proc = proc;
    this.profile = profile;
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = [];
    this.stderr = '';
    this.exited = false;
    let buffer = '';
    proc.stdio[4].setEncoding('utf8');
    proc.stdio[4].on('data', (chunk) => {
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\0')) >= 0) {
        const msg = JSON.parse(buffer.slice(0, end));
        buffer = buffer.slice(end + 1);
        this.dispatch(msg);
      }
    });
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (d) => { this.stderr += d; });
    proc.on('exit', (code) => {
      this.exited = true;
      for (const { reject } of this.pending.values()) {
        reject(new Error(`chromium exited (${code}):\n${this.stderr.slice(-2000)}`));
      }
      this.pending.clear();
    });
  }

  dispatch(msg) {
    if (msg.id !== undefined) {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
      else p.resolve(msg.result);
      return;
    }
    for (const l of this.listeners) l(msg);
  }

  send(method, params = {}, sessionId = undefined) {
    if (this.exited) return Promise.reject(new Error('chromium is not running'));
    const id = this.nextId++;
    const msg = { id, method, params };
    if (sessionId) msg.sessionId = sessionId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.proc.stdio[3].write(JSON.stringify(msg) + '\0');
    });
  }

  on(listener) { this.listeners.push(listener); }

  waitFor(predicate, timeoutMs, what) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
      const l = (msg) => {
        if (predicate(msg)) {
          clearTimeout(timer);
          this.listeners = this.listeners.filter((x) => x !== l);
          resolve(msg);
        }
      };
      this.listeners.push(l);
    });
  }

  async newPage() {
    const { targetId } = await this.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await this.send('Target.attachToTarget', { targetId, flatten: true });
    return new Page(this, sessionId);
  }

  async close() {
    try {
      await Promise.race([this.send('Browser.close'), new Promise((r) => setTimeout(r, 3000))]);
    } catch {
      // already gone
    }
    if (!this.exited) {
      const gone = new Promise((r) => this.proc.once('exit', r));
      this.proc.kill('SIGKILL');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 3000))]);
    }
    // Chromium's helper processes may still be writing to the profile after
    // the browser exits (ENOTEMPTY): retry, and leave a temporary directory
    // behind rather than fail a test that passed.
    try {
      await fs.promises.rm(this.profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (err) {
      console.log(`info could not remove the Chromium profile ${this.profile} (${err.code})`);
    }
  }
}

export class Page {
  constructor(browser, sessionId) {
    this.browser = browser;
    this.sessionId = sessionId;
    this.errors = [];
    this.requests = [];
    this.dialogs = [];
    browser.on((msg) => {
      if (msg.sessionId !== sessionId) return;
      const p = msg.params || {};
      if (msg.method === 'Runtime.consoleAPICalled' && (p.type === 'error' || p.type === 'assert')) {
        this.errors.push(`console.${p.type}: ${(p.args || []).map((a) => a.value ?? a.description).join(' ')}`);
      } else if (msg.method === 'Runtime.exceptionThrown') {
        const d = p.exceptionDetails || {};
        this.errors.push(`exception: ${d.text} ${d.exception ? d.exception.description : ''} at ${d.url}:${d.lineNumber}`);
      } else if (msg.method === 'Log.entryAdded' && p.entry && p.entry.level === 'error') {
        this.errors.push(`log: ${p.entry.text} ${p.entry.url || ''}`);
      } else if (msg.method === 'Network.requestWillBeSent') {
        this.requests.push(p.request.url);
      } else if (msg.method === 'Page.javascriptDialogOpening') {
        this.dialogs.push(p.message);
        this.send('Page.handleJavaScriptDialog', { accept: true }).catch(() => {});
      }
    });
  }

  send(method, params = {}) { return this.browser.send(method, params, this.sessionId); }

  async init(width, height) {
    await this.send('Page.enable');
    await this.send('Runtime.enable');
    await this.send('Log.enable');
    await this.send('Network.enable');
    await this.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
  }

  async goto(url, timeoutMs = 30000) {
    const loaded = this.browser.waitFor(
      (m) => m.sessionId === this.sessionId && m.method === 'Page.loadEventFired', timeoutMs, `load of ${url}`);
    const r = await this.send('Page.navigate', { url });
    if (r.errorText) throw new Error(`navigation to ${url} failed: ${r.errorText}`);
    await loaded;
  }

  async eval(expression) {
    const r = await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    if (r.exceptionDetails) {
      throw new Error(`evaluation failed: ${expression}\n${JSON.stringify(r.exceptionDetails).slice(0, 500)}`);
    }
    return r.result.value;
  }

  async click(x, y) {
    for (const type of ['mouseMoved', 'mousePressed', 'mouseReleased']) {
      await this.send('Input.dispatchMouseEvent', { type, x, y, button: 'left', clickCount: 1 });
    }
  }

  async type(text) {
    await this.send('Input.insertText', { text });
  }

  async screenshot(file) {
    const { data } = await this.send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: false });
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, Buffer.from(data, 'base64'));
  }
}
