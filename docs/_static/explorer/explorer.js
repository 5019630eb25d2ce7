/* lcdnet explorer: touch the first lessons of deep learning.
 *
 * Plain JavaScript, no libraries, no network. The models are lcdnet's own,
 * trained by the docs build, which writes them to models.js (the same
 * object as models.json, assigned to window.LCDNET_MODELS) next to this file.
 *
 * Widgets, built inside any element with
 *   data-lcdnet-widget="digits"   the digit explorer
 *   data-lcdnet-widget="xnor"     the XNOR playground
 *
 * For tests and the curious, window.lcdnetExplorer:
 *   predict(name, image)         10 class probabilities of model `name` for a
 *                                10 x 10 nested array of pixel values
 *   pooled(name, image)          the CNN's pooled feature vector
 *   trainXnor({hiddenUnits, learningRate, steps, initialWeights | seed})
 *                                {loss: [...], weights: [...]}: full-batch Adam
 *                                on mean squared error, as Keras computes it;
 *                                loss[i] is the loss before step i + 1, weights
 *                                in Keras's get_weights() order
 *   xnorInitialWeights(seed, hiddenUnits)
 *                                the initial weights of lcdnet's
 *                                make_xnor_model(seed=seed, hidden_units=...)
 *   modelNames()                 the names in models.json
 */
(function () {
  "use strict";

  // ------------------------------------------------------------ inference

  function nestedShape(nested) {
    const shape = [];
    for (let part = nested; Array.isArray(part); part = part[0]) shape.push(part.length);
    return shape;
  }

  function flat(nested) {
    return Float64Array.from(nested.flat(Infinity));
  }

  function softmax(logits) {
    let largest = -Infinity;
    for (const value of logits) largest = Math.max(largest, value);
    const exps = Array.from(logits, (value) => Math.exp(value - largest));
    const total = exps.reduce((sum, value) => sum + value, 0);
    return exps.map((value) => value / total);
  }

  /** x (n) times kernel (n, m, row-major) plus bias (m). */
  function dense(input, kernel, bias) {
    const outputs = bias.length;
    const result = Float64Array.from(bias);
    for (let i = 0; i < input.length; i++) {
      const value = input[i];
      if (value === 0) continue;
      const row = i * outputs;
      for (let j = 0; j < outputs; j++) result[j] += value * kernel[row + j];
    }
    return result;
  }

  /** A 3x3 convolution, stride 1, "same" zero padding, then ReLU, as Keras's Conv2D.
   * input: (size, size, channels) row-major; kernel: (3, 3, channels, filters). */
  function convolveSameRelu(input, size, channels, kernel, bias) {
    const filters = bias.length;
    const output = new Float64Array(size * size * filters);
    for (let row = 0; row < size; row++) {
      for (let col = 0; col < size; col++) {
        const out = (row * size + col) * filters;
        for (let f = 0; f < filters; f++) output[out + f] = bias[f];
        for (let dr = 0; dr < 3; dr++) {
          const r = row + dr - 1;
          if (r < 0 || r >= size) continue;
          for (let dc = 0; dc < 3; dc++) {
            const c = col + dc - 1;
            if (c < 0 || c >= size) continue;
            const inBase = (r * size + c) * channels;
            const kernelBase = (dr * 3 + dc) * channels * filters;
            for (let ch = 0; ch < channels; ch++) {
              const value = input[inBase + ch];
              if (value === 0) continue;
              const k = kernelBase + ch * filters;
              for (let f = 0; f < filters; f++) output[out + f] += value * kernel[k + f];
            }
          }
        }
        for (let f = 0; f < filters; f++) if (output[out + f] < 0) output[out + f] = 0;
      }
    }
    return output;
  }

  /** A model of models.json as a function of a flat image (img_size * img_size). */
  function compileModel(name, spec) {
    const weights = spec.weights;
    const shapes = weights.map(nestedShape);
    const arrays = weights.map(flat);
    if (spec.builder === "make_linear_model") {
      // Flatten, Dense(10, softmax): kernel (pixels, 10), bias (10).
      const size = Math.round(Math.sqrt(shapes[0][0]));
      return {
        name, builder: spec.builder, size,
        run(image) {
          return { probabilities: softmax(dense(image, arrays[0], arrays[1])) };
        },
      };
    }
    if (spec.builder === "make_deep_model") {
      // Reshape, Conv2D 3x3 same relu, Conv2D 3x3 same relu, GlobalMaxPooling2D, Dense softmax.
      if (weights.length !== 6 || shapes[0][0] !== 3 || shapes[2][0] !== 3) {
        throw new Error(`model ${name}: expected two 3x3 convolutions and a dense layer`);
      }
      const size = spec.kwargs.img_size;
      return {
        name, builder: spec.builder, size,
        run(image) {
          const first = convolveSameRelu(image, size, 1, arrays[0], arrays[1]);
          const second = convolveSameRelu(first, size, shapes[0][3], arrays[2], arrays[3]);
          const filters = arrays[3].length;
          const pooled = new Float64Array(filters).fill(-Infinity);
          for (let i = 0; i < second.length; i++) {
            const f = i % filters;
            if (second[i] > pooled[f]) pooled[f] = second[i];
          }
          return { probabilities: softmax(dense(pooled, arrays[4], arrays[5])), pooled };
        },
      };
    }
    throw new Error(`model ${name}: unknown builder ${spec.builder}`);
  }

  const data = window.LCDNET_MODELS || null;
  const models = {};
  if (data) {
    for (const [name, spec] of Object.entries(data.models)) models[name] = compileModel(name, spec);
  }

  function modelNamed(name) {
    const model = models[name];
    if (!model) {
      throw new Error(`name must be one of ${JSON.stringify(Object.keys(models))}, got ${name}`);
    }
    return model;
  }

  function imageArray(image, size) {
    const rows = nestedShape(image);
    if (rows.length !== 2 || rows[0] !== size || rows[1] !== size) {
      throw new Error(`image must be a ${size} x ${size} nested array, got shape [${rows}]`);
    }
    return flat(image);
  }

  function predict(name, image) {
    const model = modelNamed(name);
    return Array.from(model.run(imageArray(image, model.size)).probabilities);
  }

  function pooled(name, image) {
    const model = modelNamed(name);
    const result = model.run(imageArray(image, model.size));
    if (!result.pooled) throw new Error(`model ${name} has no pooled feature vector`);
    return Array.from(result.pooled);
  }

  // ------------------------------------------------------------ XNOR

  const XNOR_INPUTS = [[0, 0], [0, 1], [1, 0], [1, 1]];
  const XNOR_TARGETS = [1, 0, 0, 1];
  // Keras's Adam defaults.
  const BETA_1 = 0.9;
  const BETA_2 = 0.999;
  const EPSILON = 1e-7;

  function sigmoid(value) {
    return 1 / (1 + Math.exp(-value));
  }

  /** A 2-H-1 sigmoid network trained as make_xnor_model compiles it: Adam, mean squared error.
   * Parameters in Keras's order: kernel (2, H), bias (H), kernel (H, 1), bias (1). */
  class XnorNetwork {
    constructor(weights, learningRate) {
      const [kernel, bias, outKernel, outBias] = weights;
      this.hidden = bias.length;
      if (kernel.length !== 2 || kernel[0].length !== this.hidden || outKernel.length !== this.hidden
          || outBias.length !== 1) {
        throw new Error("initialWeights must be [kernel (2, H), bias (H), kernel (H, 1), bias (1)]");
      }
      // One flat parameter vector: w1 (2H, row-major), b1 (H), w2 (H), b2 (1).
      this.params = Float64Array.from([...kernel.flat(), ...bias, ...outKernel.flat(), ...outBias]);
      this.m = new Float64Array(this.params.length);
      this.v = new Float64Array(this.params.length);
      this.grad = new Float64Array(this.params.length);
      this.learningRate = learningRate;
      this.iterations = 0;
    }

    output(x1, x2) {
      const H = this.hidden;
      const p = this.params;
      let z = p[4 * H];
      for (let j = 0; j < H; j++) z += p[3 * H + j] * sigmoid(x1 * p[j] + x2 * p[H + j] + p[2 * H + j]);
      return sigmoid(z);
    }

    /** Loss and gradient on the four rows: mean over the rows of (output - target)^2. */
    lossAndGradient() {
      const H = this.hidden;
      const p = this.params;
      const g = this.grad;
      g.fill(0);
      let loss = 0;
      const hidden = new Float64Array(H);
      for (let n = 0; n < 4; n++) {
        const [x1, x2] = XNOR_INPUTS[n];
        let z = p[4 * H];
        for (let j = 0; j < H; j++) {
          hidden[j] = sigmoid(x1 * p[j] + x2 * p[H + j] + p[2 * H + j]);
          z += p[3 * H + j] * hidden[j];
        }
        const out = sigmoid(z);
        const error = out - XNOR_TARGETS[n];
        loss += error * error / 4;
        const dz = (2 * error / 4) * out * (1 - out);
        g[4 * H] += dz;
        for (let j = 0; j < H; j++) {
          g[3 * H + j] += dz * hidden[j];
          const dh = dz * p[3 * H + j] * hidden[j] * (1 - hidden[j]);
          g[j] += dh * x1;
          g[H + j] += dh * x2;
          g[2 * H + j] += dh;
        }
      }
      return loss;
    }

    /** One Adam step, as keras.optimizers.Adam.update_step; returns the loss before it. */
    step() {
      const loss = this.lossAndGradient();
      const t = ++this.iterations;
      const alpha = this.learningRate * Math.sqrt(1 - BETA_2 ** t) / (1 - BETA_1 ** t);
      const { params, grad, m, v } = this;
      for (let i = 0; i < params.length; i++) {
        m[i] += (grad[i] - m[i]) * (1 - BETA_1);
        v[i] += (grad[i] * grad[i] - v[i]) * (1 - BETA_2);
        params[i] -= (m[i] * alpha) / (Math.sqrt(v[i]) + EPSILON);
      }
      return loss;
    }

    loss() {
      return this.lossAndGradient();
    }

    weights() {
      const H = this.hidden;
      const p = Array.from(this.params);
      return [
        [p.slice(0, H), p.slice(H, 2 * H)],
        p.slice(2 * H, 3 * H),
        p.slice(3 * H, 4 * H).map((value) => [value]),
        [p[4 * H]],
      ];
    }
  }

  function trainXnor(options) {
    const settings = Object.assign(
      { hiddenUnits: 2, learningRate: 0.03, steps: 500, seed: 0 }, options || {});
    const weights = settings.initialWeights
      || xnorInitialWeights(settings.seed, settings.hiddenUnits);
    const network = new XnorNetwork(weights, settings.learningRate);
    if (network.hidden !== settings.hiddenUnits) {
      throw new Error(`initialWeights have ${network.hidden} hidden units, ` +
                      `hiddenUnits is ${settings.hiddenUnits}`);
    }
    const loss = [];
    for (let i = 0; i < settings.steps; i++) loss.push(network.step());
    return { loss, weights: network.weights(), finalLoss: network.loss() };
  }

  // ------------------------------------------------ lcdnet's seeded weights
  //
  // make_xnor_model(seed=s) draws its kernels as lcdnet/_random.py does:
  // numpy.random.SeedSequence(s).generate_state(2) gives one seed per layer,
  // and each layer's Glorot-uniform draw is TensorFlow's stateless uniform
  // (Philox 4x32-10) for that seed. The same steps here give the same
  // float32 numbers, so a seed in the playground is the seed in Python.

  function mul32(a, b) {
    return Math.imul(a, b) >>> 0;
  }

  function seedSequenceState(seed, words) {
    const INIT_A = 0x43b0d7e5, MULT_A = 0x931e8875, INIT_B = 0x8b51f9dd, MULT_B = 0x58f38ded;
    const MIX_MULT_L = 0xca01f9dd, MIX_MULT_R = 0x4973f715;
    const entropy = [];
    let rest = seed;
    do {
      entropy.push(rest % 2 ** 32);
      rest = Math.floor(rest / 2 ** 32);
    } while (rest > 0);
    let hashConst = INIT_A;
    const hashmix = (value) => {
      value = (value ^ hashConst) >>> 0;
      hashConst = mul32(hashConst, MULT_A);
      value = mul32(value, hashConst);
      return (value ^ (value >>> 16)) >>> 0;
    };
    const mix = (x, y) => {
      const result = (mul32(MIX_MULT_L, x) - mul32(MIX_MULT_R, y)) >>> 0;
      return (result ^ (result >>> 16)) >>> 0;
    };
    const pool = [0, 1, 2, 3].map((i) => hashmix(i < entropy.length ? entropy[i] : 0));
    for (let src = 0; src < 4; src++) {
      for (let dst = 0; dst < 4; dst++) if (src !== dst) pool[dst] = mix(pool[dst], hashmix(pool[src]));
    }
    for (let src = 4; src < entropy.length; src++) {
      for (let dst = 0; dst < 4; dst++) pool[dst] = mix(pool[dst], hashmix(entropy[src]));
    }
    let constB = INIT_B;
    const state = [];
    for (let i = 0; i < words; i++) {
      let value = (pool[i % 4] ^ constB) >>> 0;
      constB = mul32(constB, MULT_B);
      value = mul32(value, constB);
      state.push((value ^ (value >>> 16)) >>> 0);
    }
    return state;
  }

  function mulHiLo(a, b) {
    const product = BigInt(a) * BigInt(b);
    return [Number(product >> 32n), Number(product & 0xffffffffn)];
  }

  function philox(counter, key) {
    let [c0, c1, c2, c3] = counter;
    let [k0, k1] = key;
    for (let round = 0; round < 10; round++) {
      const [hi0, lo0] = mulHiLo(0xd2511f53, c0);
      const [hi1, lo1] = mulHiLo(0xcd9e8d57, c2);
      [c0, c1, c2, c3] = [(hi1 ^ c1 ^ k0) >>> 0, lo1, (hi0 ^ c3 ^ k1) >>> 0, lo0];
      k0 = (k0 + 0x9e3779b9) >>> 0;
      k1 = (k1 + 0xbb67ae85) >>> 0;
    }
    return [c0, c1, c2, c3];
  }

  const floatView = new DataView(new ArrayBuffer(4));

  /** tf.random.stateless_uniform([size], seed=[seed, 0]) as float32 values. */
  function statelessUniform(size, seed) {
    seed %= 2 ** 31 - 2;
    const mixed = philox([seed >>> 0, 0, 0, 0], [0x3ec8f720, 0x02461e29]);
    const values = [];
    for (let block = 0; values.length < size; block++) {
      for (const bits of philox([block, 0, mixed[2], mixed[3]], [mixed[0], mixed[1]])) {
        floatView.setUint32(0, ((bits & 0x7fffff) | 0x3f800000) >>> 0);
        values.push(Math.fround(floatView.getFloat32(0) - 1));
      }
    }
    return values.slice(0, size);
  }

  /** Keras's GlorotUniform(seed)((rows, cols)) as lcdnet draws it, as nested float32 values. */
  function glorotUniform(rows, cols, seed) {
    const limit = Math.sqrt(3 / Math.max(1, (rows + cols) / 2));
    const low = Math.fround(-limit);
    const span = Math.fround(Math.fround(limit) - low);
    const values = statelessUniform(rows * cols, seed)
      .map((u) => Math.fround(Math.fround(u * span) + low));
    return Array.from({ length: rows }, (_, r) => values.slice(r * cols, (r + 1) * cols));
  }

  function xnorInitialWeights(seed, hiddenUnits) {
    if (!Number.isInteger(seed) || seed < 0) throw new Error(`seed must be an integer >= 0, got ${seed}`);
    if (!Number.isInteger(hiddenUnits) || hiddenUnits < 1) {
      throw new Error(`hiddenUnits must be an integer >= 1, got ${hiddenUnits}`);
    }
    const [hiddenSeed, outputSeed] = seedSequenceState(seed, 2);
    return [glorotUniform(2, hiddenUnits, hiddenSeed), new Array(hiddenUnits).fill(0),
            glorotUniform(hiddenUnits, 1, outputSeed), [0]];
  }

  window.lcdnetExplorer = {
    predict, pooled, trainXnor, xnorInitialWeights,
    modelNames: () => Object.keys(models),
  };

  // ------------------------------------------------------------ drawing helpers

  let uniqueId = 0;
  function newId(prefix) {
    uniqueId += 1;
    return `lcdnet-${prefix}-${uniqueId}`;
  }

  /** A DOM element: el("div", {class: "x", onclick: f}, [children or text]). */
  function el(tag, attributes, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of [].concat(children || [])) {
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  // Viridis, sampled: low values dark purple, high values yellow.
  const VIRIDIS = [[68, 1, 84], [72, 40, 120], [62, 74, 137], [49, 104, 142], [38, 130, 142],
                   [31, 158, 137], [53, 183, 121], [110, 206, 88], [181, 222, 43], [253, 231, 37]];

  function viridis(value) {
    const x = Math.min(1, Math.max(0, value)) * (VIRIDIS.length - 1);
    const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
    const t = x - i;
    return VIRIDIS[i].map((channel, k) => Math.round(channel + t * (VIRIDIS[i + 1][k] - channel)));
  }

  function percent(probability) {
    const value = probability * 100;
    if (value >= 99.95 && value < 100) return ">99.9%";
    if (value > 0 && value < 0.05) return "<0.1%";
    return `${value.toFixed(1)}%`;
  }

  /** A canvas sharp on high-density screens; draw in CSS pixels. */
  function sharpCanvas(width, height, label) {
    const canvas = el("canvas", { role: "img", "aria-label": label });
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    canvas.getContext("2d").scale(ratio, ratio);
    return canvas;
  }

  function textColour(node) {
    return getComputedStyle(node).color || "#222";
  }

  // ------------------------------------------------------------ digit explorer

  function digitExplorer(root) {
    const info = data.explorer;
    const size = info.img_size;
    const shape = info.bitmaps[0].length;
    const highest = size - shape;
    const names = Object.keys(models);
    const state = { digit: 7, row: 0, col: 0, mode: "move", image: new Float64Array(size * size),
                    painted: false, cursor: [0, 0] };

    // -- controls
    const digitSelect = el("select", {
      id: newId("digit"), "data-role": "digit",
      onchange: () => chooseDigit(Number(digitSelect.value)),
    }, Array.from({ length: 10 }, (_, d) => el("option", { value: d, text: String(d) })));
    const modeName = newId("mode");
    const modeRadios = ["move", "paint"].map((mode) => el("input", {
      type: "radio", name: modeName, value: mode, id: `${modeName}-${mode}`,
      checked: mode === "move", "data-role": `mode-${mode}`,
      onchange: () => setMode(mode),
    }));
    const resetButton = el("button", { type: "button", "data-role": "reset",
                                       onclick: () => chooseDigit(state.digit) },
                           "Put the digit back");
    const clearButton = el("button", { type: "button", "data-role": "clear", onclick: clearGrid },
                           "Clear the grid");
    const controls = el("div", { class: "lcd-controls" }, [
      el("label", { for: digitSelect.id }, ["Digit ", digitSelect]),
      el("fieldset", { class: "lcd-radios" }, [
        el("legend", { text: "Mouse and arrow keys" }),
        el("label", { for: modeRadios[0].id }, [modeRadios[0], " move the digit"]),
        el("label", { for: modeRadios[1].id }, [modeRadios[1], " paint pixels"]),
      ]),
      resetButton, clearButton,
    ]);

    // -- the grid
    const helpId = newId("grid-help");
    const cells = [];
    const grid = el("div", {
      class: "lcd-grid", tabindex: 0, role: "application", "data-role": "grid",
      "aria-roledescription": "10 by 10 pixel grid",
      "aria-label": "Digit grid", "aria-describedby": helpId,
    });
    grid.style.setProperty("--lcd-size", size);
    for (let i = 0; i < size * size; i++) {
      const cell = el("div", { class: "lcd-cell", "aria-hidden": "true" });
      cells.push(cell);
      grid.append(cell);
    }
    const help = el("p", { id: helpId, class: "lcd-help" });
    const where = el("p", { class: "lcd-where", "data-role": "where" });
    const left = el("div", { class: "lcd-left" }, [grid, where, help]);

    // -- one panel per model
    const panels = {};
    for (const name of names) {
      const bars = [];
      const barList = el("div", { class: "lcd-bars", "aria-hidden": "true" });
      for (let d = 0; d < 10; d++) {
        const fill = el("span", { class: "lcd-bar-fill" });
        const value = el("span", { class: "lcd-bar-value" });
        const row = el("div", { class: "lcd-bar" }, [
          el("span", { class: "lcd-bar-label", text: String(d) }),
          el("span", { class: "lcd-bar-track" }, [fill]), value]);
        bars.push({ row, fill, value });
        barList.append(row);
      }
      const answer = el("p", { class: "lcd-answer", "data-role": "answer" });
      const map = el("div", { class: "lcd-map", role: "img" });
      map.style.setProperty("--lcd-offsets", highest + 1);
      const mapCells = info.offsets.map(([r, c]) => {
        const cell = el("div", { class: "lcd-map-cell", title: `offset row ${r}, column ${c}` });
        cell.addEventListener("click", () => { if (state.mode === "move") moveTo(r, c); });
        map.append(cell);
        return cell;
      });
      const mapCaption = el("p", { class: "lcd-map-caption" });
      const panel = el("section", { class: "lcd-model", "data-model": name,
                                    "aria-label": info.titles[name] }, [
        el("h3", { class: "lcd-model-title", text: info.titles[name] }),
        el("p", { class: "lcd-recipe", text: info.recipes[name] }),
        answer,
        el("div", { class: "lcd-model-body" }, [barList, el("div", { class: "lcd-map-box" }, [
          map, mapCaption])]),
      ]);
      panels[name] = { panel, bars, answer, map, mapCells, mapCaption, rightAt: [] };
      if (models[name].builder === "make_deep_model") {
        const here = sharpCanvas(96, 96, "pooled feature vector here");
        const average = sharpCanvas(96, 96, "pooled feature vector, average over all offsets");
        const shift = el("p", { class: "lcd-shift", "data-role": "shift" });
        panel.append(el("div", { class: "lcd-pooled" }, [
          el("p", { class: "lcd-pooled-title",
                    text: "Pooled feature vector: what the classifier on top reads" }),
          el("div", { class: "lcd-pooled-pair" }, [
            el("figure", {}, [here, el("figcaption", { text: "here" })]),
            el("figure", {}, [average, el("figcaption",
                                          { text: "this digit, mean over all 36 offsets" })]),
          ]),
          shift,
        ]));
        Object.assign(panels[name], { here, average, shift, meanPooled: null });
      }
    }
    const status = el("p", { class: "lcd-status visually-hidden", "aria-live": "polite",
                             "data-role": "status" });
    root.append(controls, el("div", { class: "lcd-main" }, [
      left, el("div", { class: "lcd-models" }, names.map((name) => panels[name].panel)),
    ]), status);

    // -- state changes
    function placeDigit() {
      state.image.fill(0);
      const bitmap = info.bitmaps[state.digit];
      for (let r = 0; r < shape; r++) {
        for (let c = 0; c < shape; c++) {
          state.image[(state.row + r) * size + state.col + c] = bitmap[r][c];
        }
      }
      state.painted = false;
    }

    function seenAt(name, digit, row, col) {
      return info.seen_offsets[name][digit].some(([r, c]) => r === row && c === col);
    }

    function chooseDigit(digit) {
      state.digit = digit;
      digitSelect.value = String(digit);
      // Start where the memorised model saw this digit in training.
      const seen = info.seen_offsets[names[0]][digit];
      [state.row, state.col] = seen.length ? seen[0] : [0, 0];
      placeDigit();
      if (state.mode === "paint") setMode("move");
      surveyOffsets();
      update(true);
    }

    function moveTo(row, col) {
      state.row = Math.min(highest, Math.max(0, row));
      state.col = Math.min(highest, Math.max(0, col));
      placeDigit();
      update(true);
    }

    function setMode(mode) {
      state.mode = mode;
      for (const radio of modeRadios) radio.checked = radio.value === mode;
      grid.classList.toggle("lcd-painting", mode === "paint");
      if (mode === "move" && state.painted) placeDigit();
      if (mode === "paint") state.cursor = [state.row, state.col];
      update(false);
    }

    function clearGrid() {
      if (state.mode !== "paint") setMode("paint");
      state.image.fill(0);
      state.painted = true;
      update(true);
    }

    function paint(index, value) {
      if (state.image[index] === value) return;
      state.image[index] = value;
      state.painted = true;
      update(true);
    }

    /** For the chosen digit: where each model is right, and the CNN's mean pooled vector. */
    function surveyOffsets() {
      for (const name of names) {
        const panel = panels[name];
        let pooledSum = null;
        panel.rightAt = info.offsets.map(([r, c]) => {
          const image = new Float64Array(size * size);
          const bitmap = info.bitmaps[state.digit];
          for (let i = 0; i < shape; i++) {
            for (let j = 0; j < shape; j++) image[(r + i) * size + c + j] = bitmap[i][j];
          }
          const result = models[name].run(image);
          if (result.pooled) {
            pooledSum = pooledSum || new Float64Array(result.pooled.length);
            result.pooled.forEach((value, k) => { pooledSum[k] += value; });
          }
          const p = result.probabilities;
          return p.indexOf(Math.max(...p)) === state.digit;
        });
        if (pooledSum) panel.meanPooled = pooledSum.map((value) => value / info.offsets.length);
        const right = panel.rightAt.filter(Boolean).length;
        const seen = info.seen_offsets[name][state.digit].length;
        const allSeen = seen === info.offsets.length;
        panel.map.setAttribute("aria-label",
          `${info.titles[name]} names a ${state.digit} right at ${right} of ` +
          `${info.offsets.length} offsets` + (allSeen ? "" : `; it saw one at ${seen} in training`));
        panel.mapCaption.textContent = `Green: the ${right} of ` +
          `${info.offsets.length} offsets where it names this ` +
          `${state.digit} right; struck out: wrong. ` +
          (allSeen ? `It saw a ${state.digit} at every offset in training.`
                   : `Dots: the ${seen} where it saw a ${state.digit} in training.`);
        panel.mapCells.forEach((cell, k) => {
          const [r, c] = info.offsets[k];
          cell.classList.toggle("lcd-right", panel.rightAt[k]);
          cell.classList.toggle("lcd-wrong", !panel.rightAt[k]);
          cell.classList.toggle("lcd-seen", !allSeen && seenAt(name, state.digit, r, c));
        });
      }
    }

    function drawVector(canvas, vector, scale) {
      const context = canvas.getContext("2d");
      const side = Math.ceil(Math.sqrt(vector.length));
      const cell = 96 / side;
      context.clearRect(0, 0, 96, 96);
      vector.forEach((value, k) => {
        const [r, g, b] = viridis(scale > 0 ? value / scale : 0);
        context.fillStyle = `rgb(${r},${g},${b})`;
        context.fillRect((k % side) * cell, Math.floor(k / side) * cell, cell - 1, cell - 1);
      });
    }

    function update(announce) {
      // grid
      cells.forEach((cell, i) => {
        const value = state.image[i];
        cell.classList.toggle("lcd-on", value > 0);
        cell.style.opacity = value > 0 ? String(0.25 + 0.75 * value) : "";
        const cursorHere = state.mode === "paint"
          && i === state.cursor[0] * size + state.cursor[1];
        cell.classList.toggle("lcd-cursor", cursorHere);
      });
      grid.dataset.row = state.row;
      grid.dataset.col = state.col;
      grid.dataset.digit = state.digit;
      grid.dataset.painted = state.painted;
      const seenHere = seenAt(names[0], state.digit, state.row, state.col);
      if (state.painted) {
        where.textContent = "Your own drawing: no label, no training picture.";
      } else {
        where.innerHTML = "";
        where.append(`A ${state.digit} at offset row ${state.row}, column ${state.col}: `,
                     el("strong", { text: seenHere
                       ? "a picture the memorised model was trained on"
                       : "a picture the memorised model never saw" }), ".");
      }
      help.textContent = state.mode === "move"
        ? "Drag the digit, or focus the grid and use the arrow keys. Keys 0 to 9 choose a digit."
        : "Click or drag to paint; on the grid, arrow keys move the outlined cursor and " +
          "Space paints or erases. Choose a digit to start again.";
      // models
      const answers = [];
      for (const name of names) {
        const panel = panels[name];
        const result = models[name].run(state.image);
        const p = result.probabilities;
        const best = p.indexOf(Math.max(...p));
        const right = !state.painted && best === state.digit;
        panel.panel.dataset.answer = best;
        panel.panel.dataset.probabilities = JSON.stringify(Array.from(p));
        panel.answer.textContent = `says ${best} (${percent(p[best])})` +
          (state.painted ? "" : right ? ": right" : `: wrong, it is a ${state.digit}`);
        panel.answer.classList.toggle("lcd-right", right);
        panel.answer.classList.toggle("lcd-wrong", !state.painted && !right);
        panel.bars.forEach((bar, d) => {
          bar.fill.style.width = `${(100 * p[d]).toFixed(2)}%`;
          bar.value.textContent = percent(p[d]);
          bar.row.classList.toggle("lcd-best", d === best);
          bar.row.classList.toggle("lcd-truth", !state.painted && d === state.digit);
          bar.row.dataset.probability = p[d];
        });
        panel.mapCells.forEach((cell, k) => {
          const [r, c] = info.offsets[k];
          cell.classList.toggle("lcd-here", !state.painted && r === state.row && c === state.col);
        });
        if (panel.here) {
          const scale = Math.max(...panel.meanPooled, ...result.pooled);
          drawVector(panel.here, result.pooled, scale);
          drawVector(panel.average, panel.meanPooled, scale);
          const mean = panel.meanPooled;
          let distance = 0;
          let length = 0;
          mean.forEach((value, k) => {
            distance += (result.pooled[k] - value) ** 2;
            length += value ** 2;
          });
          const relative = Math.sqrt(distance) / Math.sqrt(length);
          panel.shift.dataset.shift = relative;
          panel.shift.textContent = `Distance from the mean of this ${state.digit}: ` +
            `${(100 * relative).toFixed(0)}% of its length.`;
        }
        answers.push(`${info.titles[name]} says ${best}` +
                     (state.painted ? "" : right ? ", right" : ", wrong"));
      }
      if (announce) {
        status.textContent = (state.painted ? "Drawing. " : `${state.digit} at row ${state.row}, ` +
          `column ${state.col}, ${seenHere ? "seen" : "not seen"} in training. `) +
          answers.join("; ") + ".";
      }
    }

    // -- mouse and touch
    let drag = null;
    function cellAt(event) {
      const box = grid.getBoundingClientRect();
      const col = Math.floor((event.clientX - box.left) / (box.width / size));
      const row = Math.floor((event.clientY - box.top) / (box.height / size));
      return [Math.min(size - 1, Math.max(0, row)), Math.min(size - 1, Math.max(0, col))];
    }
    grid.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      grid.focus();
      grid.setPointerCapture(event.pointerId);
      const [row, col] = cellAt(event);
      if (state.mode === "move") {
        drag = { row, col, startRow: state.row, startCol: state.col };
      } else {
        const index = row * size + col;
        drag = { value: state.image[index] > 0 ? 0 : 1 };
        state.cursor = [row, col];
        paint(index, drag.value);
      }
    });
    grid.addEventListener("pointermove", (event) => {
      if (!drag) return;
      const [row, col] = cellAt(event);
      if (state.mode === "move") {
        const newRow = Math.min(highest, Math.max(0, drag.startRow + row - drag.row));
        const newCol = Math.min(highest, Math.max(0, drag.startCol + col - drag.col));
        if (newRow !== state.row || newCol !== state.col) moveTo(newRow, newCol);
      } else {
        state.cursor = [row, col];
        paint(row * size + col, drag.value);
      }
    });
    const endDrag = () => { drag = null; };
    grid.addEventListener("pointerup", endDrag);
    grid.addEventListener("pointercancel", endDrag);

    // -- keyboard
    const MOVES = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    grid.addEventListener("keydown", (event) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const move = MOVES[event.key];
      if (move) {
        event.preventDefault();
        if (state.mode === "move") {
          moveTo(state.row + move[0], state.col + move[1]);
        } else {
          state.cursor = [Math.min(size - 1, Math.max(0, state.cursor[0] + move[0])),
                          Math.min(size - 1, Math.max(0, state.cursor[1] + move[1]))];
          update(false);
        }
      } else if (/^[0-9]$/.test(event.key)) {
        event.preventDefault();
        chooseDigit(Number(event.key));
      } else if (state.mode === "paint" && (event.key === " " || event.key === "Enter")) {
        event.preventDefault();
        const index = state.cursor[0] * size + state.cursor[1];
        paint(index, state.image[index] > 0 ? 0 : 1);
      }
    });

    chooseDigit(state.digit);
  }

  // ------------------------------------------------------------ XNOR playground

  function xnorPlayground(root) {
    const settings = (data && data.explorer.xnor)
      || { learning_rate: 0.03, steps: 5000, threshold: 1e-3, seeds: 100 };
    const STEPS_PER_FRAME = 25;
    const state = { network: null, step: 0, losses: [], running: false, lottery: null };

    const hiddenSelect = el("select", { id: newId("hidden"), "data-role": "hidden-units",
                                        onchange: reset },
      [1, 2, 3, 4].map((h) => el("option", { value: h, text: String(h), selected: h === 2 })));
    const seedInput = el("input", { id: newId("seed"), type: "number", min: 0, max: 999999,
                                    step: 1, value: 0, "data-role": "seed", onchange: reset });
    const rates = [...new Set([0.003, 0.01, 0.03, 0.1, 0.3, settings.learning_rate])]
      .sort((a, b) => a - b);
    const rateSelect = el("select", { id: newId("rate"), "data-role": "learning-rate",
                                      onchange: reset },
      rates.map((rate) => el("option", { value: rate, text: String(rate),
                                         selected: rate === settings.learning_rate })));
    const trainButton = el("button", { type: "button", "data-role": "train", onclick: toggle },
                           "Train");
    const stepButton = el("button", { type: "button", "data-role": "step",
                                      onclick: () => { pause(); advance(100); draw(); } },
                          "100 steps");
    const resetButton = el("button", { type: "button", "data-role": "reset", onclick: reset },
                           "Start again");
    const lotteryButton = el("button", { type: "button", "data-role": "lottery",
                                         onclick: runLottery },
                             `Lottery: ${settings.seeds} seeds`);
    const controls = el("div", { class: "lcd-controls" }, [
      el("label", { for: hiddenSelect.id }, ["Hidden units ", hiddenSelect]),
      el("label", { for: seedInput.id }, ["Seed ", seedInput]),
      el("label", { for: rateSelect.id }, ["Learning rate ", rateSelect]),
      trainButton, stepButton, resetButton, lotteryButton,
    ]);

    const surface = sharpCanvas(240, 240, "network output over the unit square");
    const mesh = document.createElement("canvas");
    mesh.width = 60;
    mesh.height = 60;
    const lossCanvas = sharpCanvas(320, 240, "loss curve");
    const cornerRows = XNOR_INPUTS.map(([x1, x2], n) => {
      const output = el("td", { class: "lcd-num" });
      const row = el("tr", {}, [el("td", { text: `(${x1}, ${x2})` }),
                                el("td", { class: "lcd-num", text: String(XNOR_TARGETS[n]) }),
                                output]);
      return { row, output };
    });
    const corners = el("table", { class: "lcd-corners", "data-role": "corners" }, [
      el("caption", { text: "The four corners" }),
      el("thead", {}, el("tr", {}, [el("th", { scope: "col", text: "input" }),
                                    el("th", { scope: "col", text: "XNOR" }),
                                    el("th", { scope: "col", text: "network" })])),
      el("tbody", {}, cornerRows.map((entry) => entry.row)),
    ]);
    const progress = el("p", { class: "lcd-progress",
                               "data-role": "progress" });
    // Said to screen readers when training stops, not at every frame of it.
    const status = el("p", { class: "lcd-status visually-hidden",
                             "aria-live": "polite",
                             "data-role": "xnor-status" });
    const lotteryText = el("p", { class: "lcd-lottery-text", "data-role": "lottery-result",
                                  "aria-live": "polite" });
    const lotteryGrid = el("div", { class: "lcd-lottery-grid", role: "img",
                                    "aria-label": "lottery results, one square per seed" });
    root.append(controls, el("div", { class: "lcd-xnor-main" }, [
      el("figure", {}, [surface, el("figcaption", {
        text: "The network's output for every input (x1, x2) in the unit square, from 0 " +
              "(dark purple) to 1 (yellow). Circles: the four corners, filled with the " +
              "colour of their target." })]),
      el("figure", {}, [lossCanvas, el("figcaption", { text: "Loss (mean squared error), log scale" })]),
      el("div", { class: "lcd-xnor-side" }, [corners, progress]),
    ]), el("div", { class: "lcd-lottery" }, [lotteryText, lotteryGrid]),
    status);

    function hiddenUnits() { return Number(hiddenSelect.value); }
    function learningRate() { return Number(rateSelect.value); }
    function seed() {
      const value = Math.floor(Number(seedInput.value));
      return Number.isFinite(value) && value >= 0 ? value : 0;
    }

    function reset() {
      pause();
      seedInput.value = seed();
      state.network = new XnorNetwork(xnorInitialWeights(seed(), hiddenUnits()), learningRate());
      state.step = 0;
      state.losses = [state.network.loss()];
      draw();
    }

    function advance(steps) {
      for (let i = 0; i < steps && state.step < settings.steps; i++) {
        state.network.step();
        state.step += 1;
        state.losses.push(state.network.loss());
      }
    }

    function pause() {
      state.running = false;
      trainButton.textContent = "Train";
      trainButton.setAttribute("aria-pressed", "false");
      status.textContent = progress.textContent;
    }

    function toggle() {
      if (state.running) { pause(); return; }
      if (state.step >= settings.steps) reset();
      state.running = true;
      trainButton.textContent = "Pause";
      trainButton.setAttribute("aria-pressed", "true");
      const frame = () => {
        if (!state.running) return;
        advance(STEPS_PER_FRAME);
        draw();
        if (state.step >= settings.steps) pause();
        else window.requestAnimationFrame(frame);
      };
      window.requestAnimationFrame(frame);
    }

    function drawSurface() {
      const context = surface.getContext("2d");
      const side = 240;
      const margin = 16;
      const inner = side - 2 * margin;
      const resolution = 60;
      const pixels = mesh.getContext("2d").createImageData(resolution, resolution);
      for (let i = 0; i < resolution; i++) {
        for (let j = 0; j < resolution; j++) {
          const x1 = j / (resolution - 1);
          const x2 = 1 - i / (resolution - 1);
          const [r, g, b] = viridis(state.network.output(x1, x2));
          pixels.data.set([r, g, b, 255], 4 * (i * resolution + j));
        }
      }
      mesh.getContext("2d").putImageData(pixels, 0, 0);
      context.clearRect(0, 0, side, side);
      context.imageSmoothingEnabled = true;
      context.drawImage(mesh, margin, margin, inner, inner);
      const ink = textColour(root);
      context.font = "11px sans-serif";
      context.fillStyle = ink;
      context.fillText("x1 →", side - margin - 30, side - 3);
      context.save();
      context.translate(11, margin + 30);
      context.rotate(-Math.PI / 2);
      context.fillText("x2 →", -20, 0);
      context.restore();
      XNOR_INPUTS.forEach(([x1, x2], n) => {
        const x = margin + x1 * inner;
        const y = margin + (1 - x2) * inner;
        context.beginPath();
        context.arc(x, y, 9, 0, 2 * Math.PI);
        context.fillStyle = XNOR_TARGETS[n] ? "rgb(253,231,37)" : "rgb(68,1,84)";
        context.fill();
        context.lineWidth = 2.5;
        context.strokeStyle = "#fff";
        context.stroke();
        context.lineWidth = 1;
        context.strokeStyle = "#000";
        context.stroke();
      });
    }

    function drawLoss() {
      const context = lossCanvas.getContext("2d");
      const width = 320;
      const height = 240;
      const left = 44;
      const bottom = 28;
      const top = 10;
      const right = 12;
      const low = -5; // log10 of the lowest loss drawn
      const high = 0;
      const ink = textColour(root);
      context.clearRect(0, 0, width, height);
      context.font = "11px sans-serif";
      context.fillStyle = ink;
      context.strokeStyle = ink;
      context.globalAlpha = 0.25;
      for (let exponent = low; exponent <= high; exponent++) {
        const y = top + (high - exponent) / (high - low) * (height - top - bottom);
        context.beginPath();
        context.moveTo(left, y);
        context.lineTo(width - right, y);
        context.stroke();
      }
      context.globalAlpha = 1;
      for (let exponent = low; exponent <= high; exponent++) {
        const y = top + (high - exponent) / (high - low) * (height - top - bottom);
        context.fillText(exponent === 0 ? "1" : `1e${exponent}`, 4, y + 4);
      }
      const plotWidth = width - left - right;
      const xOf = (step) => left + step / settings.steps * plotWidth;
      const yOf = (loss) => {
        const exponent = Math.min(high, Math.max(low, Math.log10(Math.max(loss, 1e-12))));
        return top + (high - exponent) / (high - low) * (height - top - bottom);
      };
      // the threshold of "learned XNOR"
      context.setLineDash([4, 3]);
      context.beginPath();
      context.moveTo(left, yOf(settings.threshold));
      context.lineTo(width - right, yOf(settings.threshold));
      context.stroke();
      context.setLineDash([]);
      context.fillText("learned", width - right - 44, yOf(settings.threshold) - 4);
      context.fillText("0", left - 3, height - 10);
      context.fillText(`${settings.steps.toLocaleString("en")} steps`, width - right - 62,
                       height - 10);
      context.beginPath();
      context.lineWidth = 2;
      context.strokeStyle = "rgb(33,145,140)";
      const every = Math.max(1, Math.floor(state.losses.length / plotWidth));
      state.losses.forEach((loss, step) => {
        if (step % every && step !== state.losses.length - 1) return;
        if (step === 0) context.moveTo(xOf(step), yOf(loss));
        else context.lineTo(xOf(step), yOf(loss));
      });
      context.stroke();
      context.lineWidth = 1;
    }

    function draw() {
      drawSurface();
      drawLoss();
      XNOR_INPUTS.forEach(([x1, x2], n) => {
        cornerRows[n].output.textContent = state.network.output(x1, x2).toFixed(3);
      });
      const loss = state.losses[state.losses.length - 1];
      const learned = loss < settings.threshold;
      progress.dataset.loss = loss;
      progress.dataset.step = state.step;
      progress.textContent = `Step ${state.step.toLocaleString("en")} of ` +
        `${settings.steps.toLocaleString("en")}: loss ${loss.toExponential(2)}. ` +
        (learned ? `Learned XNOR (loss below ${settings.threshold}).`
                 : state.step >= settings.steps ? "Stuck: not XNOR yet." : "");
      if (!state.running) status.textContent = progress.textContent;
    }

    function runLottery() {
      pause();
      if (state.lottery) return;
      const hidden = hiddenUnits();
      const rate = learningRate();
      const total = settings.seeds;
      const results = [];
      lotteryButton.disabled = true;
      lotteryGrid.innerHTML = "";
      lotteryText.removeAttribute("data-share");
      lotteryText.setAttribute("aria-busy", "true");
      state.lottery = true;
      const batch = () => {
        const end = Math.min(total, results.length + 5);
        while (results.length < end) {
          const s = results.length;
          const network = new XnorNetwork(xnorInitialWeights(s, hidden), rate);
          for (let i = 0; i < settings.steps; i++) network.step();
          results.push(network.loss());
        }
        lotteryText.textContent = `Training seed ${results.length} of ${total}…`;
        if (results.length < total) { window.setTimeout(batch, 0); return; }
        const learned = results.filter((loss) => loss < settings.threshold).length;
        const share = learned / total;
        lotteryGrid.innerHTML = "";
        results.forEach((loss, s) => {
          const square = el("span", {
            class: `lcd-ticket ${loss < settings.threshold ? "lcd-right" : "lcd-wrong"}`,
            title: `seed ${s}: loss ${loss.toExponential(2)}, click to train it` });
          square.addEventListener("click", () => {
            seedInput.value = s;
            reset();
          });
          lotteryGrid.append(square);
        });
        lotteryText.dataset.share = share;
        lotteryText.dataset.learned = learned;
        lotteryText.dataset.total = total;
        lotteryText.textContent = `${learned} of ${total} seeds (0 to ${total - 1}) learned XNOR ` +
          `with ${hidden} hidden unit${hidden === 1 ? "" : "s"} at learning rate ${rate}: ` +
          `loss below ${settings.threshold} after ${settings.steps.toLocaleString("en")} ` +
          `steps. Share ${share.toFixed(2)}. Green squares learned, ` +
          "struck-out ones got stuck; click one to watch its seed.";
        lotteryText.removeAttribute("aria-busy");
        lotteryButton.disabled = false;
        state.lottery = null;
      };
      window.setTimeout(batch, 0);
    }

    reset();
  }

  // ------------------------------------------------------------ start

  function start() {
    for (const root of document.querySelectorAll("[data-lcdnet-widget]")) {
      root.classList.add("lcd-widget");
      const kind = root.dataset.lcdnetWidget;
      if (kind === "digits" && !data) {
        root.append(el("p", { class: "lcd-missing",
                              text: "The trained models (models.js) are missing: build the " +
                                    "docs to make them." }));
      } else if (kind === "digits") {
        digitExplorer(root);
      } else if (kind === "xnor") {
        xnorPlayground(root);
      }
      root.dataset.ready = "true";
    }
  }

  if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }
})();
