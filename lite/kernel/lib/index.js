// The JupyterLite kernel of lossnb lite: "Go (lossnb lite)".
//
// Cells run in a Web Worker (lite/worker.js, served at lossnb-lite/ next to
// the WebAssembly runtime): the worker streams what a cell prints and the
// outputs it shows, then replies with the cell's status. A running cell
// cannot be reached while it runs (Go holds the worker's thread), so an
// interrupt ends the worker and starts a new one: the cell stops, and what
// earlier cells declared is gone (JupyterLite 0.8's own interrupt only
// cancels the cells queued after the running one; this plugin wraps it).
//
// The spec is named "gonb", as GoNB's kernel, so that the course's notebooks
// (kernelspec gonb) open with it unchanged.
import { PageConfig, URLExt } from '@jupyterlab/coreutils';
import { BaseKernel, IKernelClient, IKernelSpecs } from '@jupyterlite/services';

// The running lossnb lite kernels by id, for the interrupt.
const running = new Map();

class GoLiteKernel extends BaseKernel {
  constructor(options) {
    super(options);
    this._pending = null;
    this._completions = new Map();
    this._nextId = 0;
    this._header = undefined;
    this._startWorker();
    running.set(this.id, this);
  }

  _startWorker() {
    this._started = new Promise((resolve, reject) => {
      this._resolveStart = resolve;
      this._rejectStart = reject;
    });
    const base = URLExt.join(PageConfig.getBaseUrl(), 'lossnb-lite/');
    this._worker = new Worker(URLExt.join(base, 'worker.js'));
    this._worker.onmessage = (e) => this._onMessage(e.data);
    this._worker.onerror = (e) => this._rejectStart(new Error(e.message || 'the lossnb lite worker failed'));
  }

  // interrupt stops a running cell by replacing the worker (see above).
  interrupt() {
    if (!this._pending || !this._worker) return;
    this._worker.terminate();
    const pending = this._pending;
    this._pending = null;
    for (const done of this._completions.values()) done({ matches: [], cursor_start: 0, cursor_end: 0 });
    this._completions.clear();
    this._startWorker();
    pending({
      status: 'error', ename: 'Interrupted', line: 0,
      evalue: 'the cell was stopped by starting a new Go runtime: what earlier cells declared is gone, run them again',
    });
  }

  get ready() {
    return this._started;
  }

  dispose() {
    if (this.isDisposed) return;
    if (this._worker) this._worker.terminate();
    this._worker = null;
    running.delete(this.id);
    super.dispose();
  }

  _onMessage(m) {
    switch (m.type) {
      case 'ready':
        this._resolveStart();
        break;
      case 'failed':
        this._rejectStart(new Error(m.message));
        break;
      case 'stream':
        this.stream({ name: m.name, text: m.text }, this._header);
        break;
      case 'display':
        this.displayData({ data: m.data, metadata: {} }, this._header);
        break;
      case 'completed': {
        const done = this._completions.get(m.id);
        this._completions.delete(m.id);
        if (done) done(m);
        break;
      }
      case 'reply':
        if (this._pending) this._pending(m.reply);
        this._pending = null;
    this._completions = new Map();
    this._nextId = 0;
        break;
    }
  }

  async kernelInfoRequest() {
    return {
      implementation: 'lossnb-lite',
      implementation_version: '0.1.0',
      language_info: {
        codemirror_mode: { name: 'go' },
        file_extension: '.go',
        mimetype: 'text/x-go',
        name: 'go',
        nbconvert_exporter: 'go',
        pygments_lexer: 'go',
        version: 'go1.22 (yaegi)',
      },
      protocol_version: '5.3',
      status: 'ok',
      banner: 'lossnb lite: Go cells interpreted in the browser (yaegi), lossnb compiled in',
      help_links: [],
    };
  }

  async executeRequest(content) {
    await this.ready;
    this._header = this.parentHeader;
    const reply = await new Promise((resolve) => {
      this._pending = resolve;
      this._worker.postMessage({ type: 'run', code: content.code });
    });
    if (reply.status !== 'ok') {
      const traceback = [`\x1b[0;31m${reply.ename}\x1b[0m: ${reply.evalue}`];
      this.publishExecuteError({ ename: reply.ename, evalue: reply.evalue, traceback }, this._header);
      return { status: 'error', execution_count: this.executionCount, ename: reply.ename, evalue: reply.evalue, traceback };
    }
    return { status: 'ok', execution_count: this.executionCount, user_expressions: {} };
  }

  // Completion of lossnb's and the standard library's names after "pkg.",
  // and of package and declared names (lossnb/lite/complete.go).
  async completeRequest(content) {
    await this.ready;
    const id = this._nextId++;
    const m = await new Promise((resolve) => {
      this._completions.set(id, resolve);
      this._worker.postMessage({ type: 'complete', id, code: content.code, cursor: content.cursor_pos });
    });
    return { matches: m.matches, cursor_start: m.cursor_start, cursor_end: m.cursor_end, metadata: {}, status: 'ok' };
  }

  async inspectRequest() {
    return { status: 'ok', found: false, data: {}, metadata: {} };
  }

  async isCompleteRequest() {
    return { status: 'complete' };
  }

  async commInfoRequest() {
    return { status: 'ok', comms: {} };
  }

  inputReply() {}

  async commOpen() {}

  async commMsg() {}

  async commClose() {}
}

const GO_ICON =
  'data:image/svg+xml;base64,' +
  btoa('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="10" fill="#00ADD8"/><text x="32" y="42" font-family="sans-serif" font-size="26" font-weight="bold" fill="#fff" text-anchor="middle">Go</text></svg>');

const plugin = {
  id: '@lossnb/lite-kernel:kernel',
  description: 'Go (lossnb lite): Go cells interpreted in the browser.',
  autoStart: true,
  requires: [IKernelSpecs],
  optional: [IKernelClient],
  activate: (app, kernelspecs, kernelClient) => {
    if (kernelClient && typeof kernelClient.interrupt === 'function') {
      const interrupt = kernelClient.interrupt.bind(kernelClient);
      kernelClient.interrupt = async (id) => {
        const k = running.get(id);
        if (k) k.interrupt();
        return interrupt(id);
      };
    }
    kernelspecs.register({
      spec: {
        name: 'gonb',
        display_name: 'Go (lossnb lite)',
        language: 'go',
        argv: [],
        resources: { 'logo-32x32': GO_ICON, 'logo-64x64': GO_ICON },
      },
      create: async (options) => new GoLiteKernel(options),
    });
  },
};

export default [plugin];
