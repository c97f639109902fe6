/* learnfolio: the graph page and the local graph of every note.
 *
 * Both draw learnfolio/graph.json on a <canvas>: DOM or SVG nodes stop being
 * smooth well before 5,000 notes, a canvas redraw of every node and edge
 * takes a few milliseconds. Nodes arrive with seed positions computed at build
 * time, so the first frame is drawn at once; a force layout then refines it,
 * a few milliseconds per animation frame, and stops when it has cooled.
 *
 * The layout is Barnes-Hut: repulsion between all nodes through a quadtree
 * (O(N log N) per step instead of O(N^2)), springs along edges, and a weak
 * pull to the centre so that unlinked notes stay in view.
 */
(function () {
  "use strict";

  var lf = window.learnfolio;
  var PALETTE = [
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#86bcb6",
  ];
  var OTHER = "#9e9e9e";
  var THETA2 = 0.81; /* Barnes-Hut opening criterion, squared (theta = 0.9) */

  /* ---- force layout ---------------------------------------------------- */

  function Layout(count, edges, x, y) {
    this.n = count;
    this.x = x;
    this.y = y;
    this.vx = new Float32Array(count);
    this.vy = new Float32Array(count);
    this.fixed = new Int8Array(count);
    this.edges = edges;
    this.degree = new Float32Array(count);
    for (var e = 0; e < edges.length; e += 2) {
      this.degree[edges[e]] += 1;
      this.degree[edges[e + 1]] += 1;
    }
    this.alpha = 0.3;
    this.charge = -60;
    this.linkDistance = 40;
  }

  /* One step of the simulation; returns false once it has cooled down. */
  Layout.prototype.step = function () {
    if (this.alpha < 0.005) {
      return false;
    }
    var n = this.n, x = this.x, y = this.y, vx = this.vx, vy = this.vy;
    var alpha = this.alpha, i;
    var tree = (this.tree = buildTree(x, y, n, this.tree));
    var strength = this.charge * alpha;
    for (i = 0; i < n; i++) {
      repel(tree, 0, i, x[i], y[i], strength, vx, vy);
    }
    var edges = this.edges, degree = this.degree, dist = this.linkDistance;
    for (var e = 0; e < edges.length; e += 2) {
      var a = edges[e], b = edges[e + 1];
      var dx = x[b] + vx[b] - x[a] - vx[a] || 1e-3;
      var dy = y[b] + vy[b] - y[a] - vy[a] || 1e-3;
      var length = Math.sqrt(dx * dx + dy * dy);
      var pull = ((length - dist) / length) * alpha * 0.5;
      var share = degree[a] / (degree[a] + degree[b]);
      dx *= pull;
      dy *= pull;
      vx[b] -= dx * (1 - share);
      vy[b] -= dy * (1 - share);
      vx[a] += dx * share;
      vy[a] += dy * share;
    }
    for (i = 0; i < n; i++) {
      vx[i] -= x[i] * 0.002 * alpha;
      vy[i] -= y[i] * 0.002 * alpha;
      if (this.fixed[i]) {
        vx[i] = vy[i] = 0;
        continue;
      }
      vx[i] *= 0.6;
      vy[i] *= 0.6;
      x[i] += vx[i];
      y[i] += vy[i];
    }
    this.alpha += (0 - this.alpha) * 0.02;
    return true;
  };

  Layout.prototype.reheat = function (alpha) {
    this.alpha = Math.max(this.alpha, alpha);
  };

  /* A quadtree in flat arrays: per cell its bounds, centre of mass, count and
   * four children (-1 when absent); leaves hold one node (or a stack of
   * nodes at the same point). The arrays are allocated once per layout and
   * reused at every step, which keeps the garbage collector out of the
   * animation. */
  function buildTree(x, y, n, tree) {
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity, i;
    for (i = 0; i < n; i++) {
      if (x[i] < minX) minX = x[i];
      if (x[i] > maxX) maxX = x[i];
      if (y[i] < minY) minY = y[i];
      if (y[i] > maxY) maxY = y[i];
    }
    var size = Math.max(maxX - minX, maxY - minY, 1) + 1;
    if (!tree) {
      var cap = n * 4 + 8;
      tree = {
        cx: new Float64Array(cap), cy: new Float64Array(cap), size: new Float64Array(cap),
        mx: new Float64Array(cap), my: new Float64Array(cap), count: new Float64Array(cap),
        child: new Int32Array(cap * 4), node: new Int32Array(cap), used: 0,
        stack: new Int32Array(cap),
      };
    }
    tree.used = 1;
    resetCell(tree, 0);
    tree.cx[0] = minX + size / 2;
    tree.cy[0] = minY + size / 2;
    tree.size[0] = size;
    for (i = 0; i < n; i++) {
      insert(tree, i, x[i], y[i], x, y);
    }
    return tree;
  }

  function resetCell(tree, cell) {
    tree.count[cell] = 0;
    tree.node[cell] = -1;
    tree.child[cell * 4] = tree.child[cell * 4 + 1] = -1;
    tree.child[cell * 4 + 2] = tree.child[cell * 4 + 3] = -1;
  }

  function newCell(tree, parent, quadrant) {
    if (tree.used >= tree.count.length) {
      return -1;
    }
    var cell = tree.used++;
    resetCell(tree, cell);
    var half = tree.size[parent] / 2;
    tree.size[cell] = half;
    tree.cx[cell] = tree.cx[parent] + (quadrant & 1 ? half / 2 : -half / 2);
    tree.cy[cell] = tree.cy[parent] + (quadrant & 2 ? half / 2 : -half / 2);
    tree.child[parent * 4 + quadrant] = cell;
    return cell;
  }

  function insert(tree, i, px, py, x, y) {
    var cell = 0;
    for (var depth = 0; depth < 40; depth++) {
      var c = tree.count[cell];
      tree.mx[cell] = (tree.mx[cell] * c + px) / (c + 1);
      tree.my[cell] = (tree.my[cell] * c + py) / (c + 1);
      tree.count[cell] = c + 1;
      var isLeaf = tree.child[cell * 4] < 0 && tree.child[cell * 4 + 1] < 0 &&
        tree.child[cell * 4 + 2] < 0 && tree.child[cell * 4 + 3] < 0;
      if (c === 0 && isLeaf) {
        tree.node[cell] = i;
        return;
      }
      if (isLeaf && tree.node[cell] >= 0) {
        /* Split: push the resident node one level down first. */
        var other = tree.node[cell];
        tree.node[cell] = -1;
        if (Math.abs(x[other] - px) < 1e-6 && Math.abs(y[other] - py) < 1e-6) {
          tree.node[cell] = other; /* same point: keep both here, counted */
          return;
        }
        var q0 = quadrant(tree, cell, x[other], y[other]);
        var moved = newCell(tree, cell, q0);
        if (moved < 0) return;
        tree.mx[moved] = x[other];
        tree.my[moved] = y[other];
        tree.count[moved] = 1;
        tree.node[moved] = other;
      }
      var q = quadrant(tree, cell, px, py);
      var next = tree.child[cell * 4 + q];
      if (next < 0) {
        next = newCell(tree, cell, q);
        if (next < 0) return;
        tree.mx[next] = px;
        tree.my[next] = py;
        tree.count[next] = 1;
        tree.node[next] = i;
        return;
      }
      cell = next;
    }
  }

  function quadrant(tree, cell, px, py) {
    return (px >= tree.cx[cell] ? 1 : 0) + (py >= tree.cy[cell] ? 2 : 0);
  }

  function repel(tree, cell, i, px, py, strength, vx, vy) {
    var stack = tree.stack, top = 0;
    stack[top++] = cell;
    while (top > 0) {
      var c = stack[--top];
      var count = tree.count[c];
      if (!count) continue;
      var dx = tree.mx[c] - px, dy = tree.my[c] - py;
      var d2 = dx * dx + dy * dy;
      var s = tree.size[c];
      var leaf = tree.node[c] >= 0;
      if (leaf || (s * s) / THETA2 < d2) {
        if (leaf && tree.node[c] === i && count === 1) continue;
        if (d2 < 1) {
          /* Coincident points: a small deterministic nudge apart. */
          dx = ((i * 7919) % 13) - 6 || 1;
          dy = ((i * 104729) % 11) - 5 || 1;
          d2 = dx * dx + dy * dy;
        }
        var w = (strength * count) / d2;
        vx[i] += dx * w;
        vy[i] += dy * w;
        continue;
      }
      for (var q = 0; q < 4; q++) {
        var child = tree.child[c * 4 + q];
        if (child >= 0 && top < stack.length) stack[top++] = child;
      }
    }
  }

  /* ---- view ------------------------------------------------------------ */

  function GraphView(container, data, options) {
    this.container = container;
    this.data = data;
    this.options = options;
    this.canvas = lf.element("canvas", "lf-graph-canvas");
    this.canvas.setAttribute("role", "img");
    this.canvas.setAttribute("aria-label", options.label || "Graph of linked notes");
    container.appendChild(this.canvas);
    this.ctx = this.canvas.getContext("2d");
    this.scale = 1;
    this.tx = 0;
    this.ty = 0;
    this.hover = -1;
    this.focus = -1;
    this.current = -1; /* the page's own node, in a local graph */
    this.hidden = null; /* Uint8Array: 1 = filtered out */
    this.colourBy = "source";
    this.frameQueued = false;
    this.running = false;
    this.drawn = false;
    var count = data.nodes.length;
    var xs = new Float32Array(count), ys = new Float32Array(count), flat = [];
    for (var i = 0; i < count; i++) {
      xs[i] = data.nodes[i].x;
      ys[i] = data.nodes[i].y;
    }
    for (var e = 0; e < data.edges.length; e++) {
      flat.push(data.edges[e][0], data.edges[e][1]);
    }
    this.layout = new Layout(count, new Int32Array(flat), xs, ys);
    if (options.alpha !== undefined) this.layout.alpha = options.alpha;
    this.neighbours = [];
    for (i = 0; i < count; i++) this.neighbours.push([]);
    for (e = 0; e < flat.length; e += 2) {
      this.neighbours[flat[e]].push(flat[e + 1]);
      this.neighbours[flat[e + 1]].push(flat[e]);
    }
    this.radius = new Float32Array(count);
    for (i = 0; i < count; i++) {
      this.radius[i] = 3 + Math.sqrt(this.layout.degree[i]) * 1.6;
    }
    this.index = {};
    for (i = 0; i < count; i++) this.index[data.nodes[i].u] = i;
    /* Prerequisite arrows (drawn when showRequires is on) and status rings. */
    flat = [];
    (data.requires || []).forEach(function (arrow) { flat.push(arrow[0], arrow[1]); });
    this.requires = new Int32Array(flat);
    this.showRequires = false;
    this.arrowsDrawn = 0;
    this.statuses = data.statuses || [];
    this.setColours("source");
    this.resize();
    this.fit();
    this.bind();
    var view = this;
    this.onResize = function () {
      view.resize();
      view.requestDraw();
    };
    window.addEventListener("resize", this.onResize);
  }

  GraphView.prototype.setColours = function (by) {
    var data = this.data, nodes = data.nodes, count = nodes.length, i;
    this.colourBy = by;
    this.colour = new Array(count);
    this.legend = [];
    if (by === "tag") {
      /* A node's top tag is its tag carried by the most notes; the ten most
       * common top tags get colours, the rest share grey. */
      var freq = new Array(data.tags.length).fill(0);
      nodes.forEach(function (node) {
        (node.g || []).forEach(function (t) { freq[t] += 1; });
      });
      var top = nodes.map(function (node) {
        var best = -1;
        (node.g || []).forEach(function (t) { if (best < 0 || freq[t] > freq[best]) best = t; });
        return best;
      });
      var counts = {};
      top.forEach(function (t) { if (t >= 0) counts[t] = (counts[t] || 0) + 1; });
      var ranked = Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a] || a - b; });
      var colourOf = {};
      ranked.slice(0, PALETTE.length).forEach(function (t, k) {
        colourOf[t] = PALETTE[k];
        this.legend.push({ name: "#" + data.tags[t], colour: PALETTE[k] });
      }, this);
      if (ranked.length > PALETTE.length || top.indexOf(-1) >= 0) {
        this.legend.push({ name: "other or untagged", colour: OTHER });
      }
      for (i = 0; i < count; i++) this.colour[i] = colourOf[top[i]] || OTHER;
    } else {
      data.sources.forEach(function (name, k) {
        this.legend.push({ name: name, colour: PALETTE[k % PALETTE.length] });
      }, this);
      if (nodes.some(function (node) { return node.s < 0; })) {
        this.legend.push({ name: "tag", colour: OTHER });
      }
      for (i = 0; i < count; i++) {
        this.colour[i] = nodes[i].s >= 0 ? PALETTE[nodes[i].s % PALETTE.length] : OTHER;
      }
    }
    /* Statuses are rings around the nodes, whatever colours their fill;
     * their colours are the page's (learnfolio.css), light or dark. */
    this.statuses.forEach(function (name, k) {
      if (nodes.some(function (node) { return node.st === k; })) {
        this.legend.push({ name: "status: " + name, ring: "var(--lf-status-" + name + ")" });
      }
    }, this);
    this.requestDraw();
  };

  GraphView.prototype.resize = function () {
    var ratio = window.devicePixelRatio || 1;
    var width = this.container.clientWidth || 300;
    var height = this.options.height || Math.max(300, window.innerHeight - 220);
    this.canvas.style.width = width + "px";
    this.canvas.style.height = height + "px";
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(height * ratio);
    this.width = width;
    this.height = height;
    this.ratio = ratio;
    this.labelCache = {}; /* label texts are shortened to the width */
  };

  /* Zoom and pan so that every visible node fits, with room at the edges for
   * a node's radius; labels stay inside the canvas by themselves (see
   * placeLabels), so the margin need not hold a whole title. */
  GraphView.prototype.fit = function () {
    var x = this.layout.x, y = this.layout.y, n = this.layout.n;
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (var i = 0; i < n; i++) {
      if (this.hidden && this.hidden[i]) continue;
      var r = this.radius[i];
      minX = Math.min(minX, x[i] - r);
      maxX = Math.max(maxX, x[i] + r);
      minY = Math.min(minY, y[i] - r);
      maxY = Math.max(maxY, y[i] + r);
    }
    if (minX === Infinity) {
      minX = minY = -50;
      maxX = maxY = 50;
    }
    /* Labels sit above nodes: a little more room at the top than elsewhere. */
    var pad = this.width < 400 ? 14 : 28;
    var w = Math.max(maxX - minX, 20), h = Math.max(maxY - minY, 20);
    this.scale = Math.min((this.width - 2 * pad) / w, (this.height - 3 * pad) / h, 6);
    this.tx = this.width / 2 - ((minX + maxX) / 2) * this.scale;
    this.ty = (this.height + pad) / 2 - ((minY + maxY) / 2) * this.scale;
  };

  GraphView.prototype.toScreen = function (i) {
    return { x: this.layout.x[i] * this.scale + this.tx, y: this.layout.y[i] * this.scale + this.ty };
  };

  /* The node under a point in CSS pixels of the canvas, or -1. */
  GraphView.prototype.nodeAt = function (sx, sy) {
    var x = (sx - this.tx) / this.scale, y = (sy - this.ty) / this.scale;
    var best = -1, bestD = Infinity, lx = this.layout.x, ly = this.layout.y;
    var slack = 4 / this.scale;
    for (var i = 0; i < this.layout.n; i++) {
      if (this.hidden && this.hidden[i]) continue;
      var dx = lx[i] - x, dy = ly[i] - y, d = dx * dx + dy * dy;
      var r = this.radius[i] + slack;
      if (d < r * r && d < bestD) {
        best = i;
        bestD = d;
      }
    }
    return best;
  };

  GraphView.prototype.requestDraw = function () {
    if (this.frameQueued) return;
    this.frameQueued = true;
    var view = this;
    requestAnimationFrame(function () {
      view.frameQueued = false;
      view.frame();
    });
  };

  /* One animation frame: a layout step while it is warm, then a draw. */
  GraphView.prototype.frame = function () {
    if (this.running) {
      var start = performance.now();
      var moved = false;
      /* Small graphs can afford several steps per frame; big ones one. */
      while (performance.now() - start < 8) {
        moved = this.layout.step();
        if (!moved) break;
      }
      if (!moved) this.running = false;
      /* The layout spreads out while it cools: keep it framed, until the
       * reader moves the view themselves. */
      if (!this.interacted) this.fit();
    }
    this.draw();
    if (this.running) this.requestDraw();
  };

  GraphView.prototype.start = function () {
    this.running = true;
    this.requestDraw();
  };

  /* Stop the layout where it is (tests and the benchmark use this). */
  GraphView.prototype.stop = function () {
    this.running = false;
    this.layout.alpha = 0;
  };

  GraphView.prototype.isActive = function (i) {
    var focus = this.hover >= 0 ? this.hover : this.focus;
    if (focus < 0) return true;
    return i === focus || this.neighbours[focus].indexOf(i) >= 0;
  };

  GraphView.prototype.draw = function () {
    var ctx = this.ctx, style = getComputedStyle(this.container);
    var fg = style.getPropertyValue("--md-default-fg-color").trim() || "#333";
    var bg = style.getPropertyValue("--md-default-bg-color").trim() || "#fff";
    var edgeColour = style.getPropertyValue("--md-default-fg-color--lightest").trim() || "rgba(0,0,0,0.12)";
    var x = this.layout.x, y = this.layout.y, n = this.layout.n, hidden = this.hidden;
    var focus = this.hover >= 0 ? this.hover : this.focus;
    ctx.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    ctx.clearRect(0, 0, this.width, this.height);
    ctx.setTransform(this.ratio * this.scale, 0, 0, this.ratio * this.scale,
      this.ratio * this.tx, this.ratio * this.ty);
    /* Edges: one path for all, then the focused node's edges on top. */
    var edges = this.layout.edges, e, a, b;
    ctx.lineWidth = 1 / this.scale;
    ctx.strokeStyle = edgeColour;
    ctx.globalAlpha = focus >= 0 ? 0.35 : 1;
    ctx.beginPath();
    for (e = 0; e < edges.length; e += 2) {
      a = edges[e];
      b = edges[e + 1];
      if (hidden && (hidden[a] || hidden[b])) continue;
      ctx.moveTo(x[a], y[a]);
      ctx.lineTo(x[b], y[b]);
    }
    ctx.stroke();
    ctx.globalAlpha = 1;
    if (focus >= 0) {
      ctx.strokeStyle = this.colour[focus];
      ctx.lineWidth = 1.5 / this.scale;
      ctx.beginPath();
      var around = this.neighbours[focus];
      for (e = 0; e < around.length; e++) {
        if (hidden && hidden[around[e]]) continue;
        ctx.moveTo(x[focus], y[focus]);
        ctx.lineTo(x[around[e]], y[around[e]]);
      }
      ctx.stroke();
    }
    /* Nodes: one path per colour, dimmed when another node has the focus. */
    var byColour = {}, i;
    for (i = 0; i < n; i++) {
      if (hidden && hidden[i]) continue;
      var key = this.colour[i] + (this.isActive(i) ? "" : "/dim");
      (byColour[key] = byColour[key] || []).push(i);
    }
    Object.keys(byColour).forEach(function (key) {
      var list = byColour[key];
      ctx.fillStyle = key.split("/")[0];
      ctx.globalAlpha = key.indexOf("/dim") > 0 ? 0.2 : 1;
      ctx.beginPath();
      for (var k = 0; k < list.length; k++) {
        var j = list[k];
        ctx.moveTo(x[j] + this.radius[j], y[j]);
        ctx.arc(x[j], y[j], this.radius[j], 0, 6.2832);
      }
      ctx.fill();
    }, this);
    ctx.globalAlpha = 1;
    this.drawRings(ctx, hidden);
    if (this.showRequires) this.drawArrows(ctx, hidden, focus);
    else this.arrowsDrawn = 0;
    if (this.current >= 0) {
      ctx.strokeStyle = fg;
      ctx.lineWidth = 2 / this.scale;
      ctx.beginPath();
      ctx.arc(x[this.current], y[this.current], this.radius[this.current] + 2 / this.scale, 0, 6.2832);
      ctx.stroke();
    }
    this.drawLabels(ctx, fg, bg, focus);
    if (!this.drawn) {
      this.drawn = true;
      this.container.setAttribute("data-lf-drawn", String(n));
      if (this.options.onFirstDraw) this.options.onFirstDraw(this);
    }
  };

  /* ---- prerequisites and statuses ----------------------------------------- */

  /* A ring in the status colour around each note that has a status. */
  GraphView.prototype.drawRings = function (ctx, hidden) {
    if (!this.statuses.length) return;
    var x = this.layout.x, y = this.layout.y, nodes = this.data.nodes;
    var style = getComputedStyle(this.container);
    ctx.lineWidth = 2 / this.scale;
    for (var k = 0; k < this.statuses.length; k++) {
      ctx.strokeStyle = style.getPropertyValue("--lf-status-" + this.statuses[k]).trim() || OTHER;
      ctx.beginPath();
      for (var i = 0; i < nodes.length; i++) {
        if (nodes[i].st !== k || (hidden && hidden[i])) continue;
        /* A gap between disc and ring keeps a ring readable on a disc of its hue. */
        var r = this.radius[i] + 4 / this.scale;
        ctx.moveTo(x[i] + r, y[i]);
        ctx.arc(x[i], y[i], r, 0, 6.2832);
      }
      ctx.stroke();
    }
  };

  /* An arrow from each prerequisite to the note that builds on it, ending
   * at the edge of that note's disc; dimmed away from the focused note. */
  GraphView.prototype.drawArrows = function (ctx, hidden, focus) {
    var arrows = this.requires, x = this.layout.x, y = this.layout.y;
    var style = getComputedStyle(this.container);
    /* The text colour: the palette's hues are taken by sources, tags and statuses. */
    var colour = style.getPropertyValue("--md-default-fg-color--light").trim() || "#666";
    var head = 7 / this.scale, drawn = 0;
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    ctx.lineWidth = 1.5 / this.scale;
    for (var pass = 0; pass < 2; pass++) {
      ctx.beginPath();
      for (var e = 0; e < arrows.length; e += 2) {
        var a = arrows[e], b = arrows[e + 1];
        if (hidden && (hidden[a] || hidden[b])) continue;
        var near = focus < 0 || a === focus || b === focus;
        if ((pass === 0) !== near) continue;
        var dx = x[b] - x[a], dy = y[b] - y[a];
        var length = Math.sqrt(dx * dx + dy * dy) || 1;
        var ux = dx / length, uy = dy / length;
        var gap = this.radius[b] + 6 / this.scale;
        var tipX = x[b] - ux * gap, tipY = y[b] - uy * gap;
        ctx.moveTo(x[a], y[a]);
        ctx.lineTo(tipX - ux * head * 0.6, tipY - uy * head * 0.6);
        ctx.moveTo(tipX, tipY);
        ctx.lineTo(tipX - ux * head - uy * head * 0.5, tipY - uy * head + ux * head * 0.5);
        ctx.lineTo(tipX - ux * head + uy * head * 0.5, tipY - uy * head - ux * head * 0.5);
        ctx.closePath();
        drawn += 1;
      }
      ctx.globalAlpha = pass === 0 ? 1 : 0.25;
      ctx.stroke();
      ctx.fill();
    }
    ctx.globalAlpha = 1;
    this.arrowsDrawn = drawn;
  };

  /* ---- labels ------------------------------------------------------------ */

  var LABEL_HEIGHT = 16; /* CSS pixels: 12px text and a little air */
  var LABEL_CHARS = 32; /* longer titles end in an ellipsis; hovering shows them whole */
  var LABEL_TRIES = 400; /* at most this many nodes compete for a label per frame */
  var LABEL_MIN_RADIUS = 3.5; /* a node drawn smaller than this (px) gets no label unless forced */

  /* Boxes on the canvas ({x, y, w, h}, CSS pixels) in a grid of 48 px
   * cells, so that asking "does this box hit one already there" looks only
   * near the box: label placement stays linear in the number of nodes. */
  var CELL = 48;

  function BoxGrid() {
    this.cells = {};
  }

  BoxGrid.prototype.each = function (b, fn) {
    var x0 = Math.floor(b.x / CELL), x1 = Math.floor((b.x + b.w) / CELL);
    var y0 = Math.floor(b.y / CELL), y1 = Math.floor((b.y + b.h) / CELL);
    for (var cx = x0; cx <= x1; cx++) {
      for (var cy = y0; cy <= y1; cy++) {
        if (fn(cx + "," + cy)) return true;
      }
    }
    return false;
  };

  BoxGrid.prototype.add = function (b) {
    var cells = this.cells;
    this.each(b, function (key) {
      (cells[key] = cells[key] || []).push(b);
    });
  };

  /* Does `b` overlap a box of the grid (a node's own disc aside)? Labels keep
   * a 2 px gap between them. */
  BoxGrid.prototype.hits = function (b, withDiscs) {
    var cells = this.cells;
    return this.each(b, function (key) {
      var list = cells[key] || [];
      for (var k = 0; k < list.length; k++) {
        var o = list[k], gap = o.disc ? 0 : 2;
        if (o.disc && (!withDiscs || o.i === b.i)) continue;
        if (b.x < o.x + o.w + gap && o.x < b.x + b.w + gap && b.y < o.y + o.h && o.y < b.y + b.h) {
          return true;
        }
      }
      return false;
    });
  };

  /* Which nodes ask for a label, best first, and how many of them must get
   * one: the hovered (or searched) node and its neighbours, then the current
   * note, then the nodes in view by importance (links), as far as the zoom
   * draws them large enough. */
  GraphView.prototype.labelOrder = function (focus) {
    var order = [], seen = {}, hidden = this.hidden, view = this;
    function add(i) {
      if (i >= 0 && !seen[i] && !(hidden && hidden[i]) && view.inView(i)) {
        seen[i] = true;
        order.push(i);
      }
    }
    add(focus);
    if (focus >= 0) this.neighbours[focus].forEach(add);
    if (this.current >= 0) add(this.current);
    var forced = order.length;
    if (focus < 0) {
      var degree = this.layout.degree, others = [];
      for (var i = 0; i < this.layout.n; i++) {
        if (!seen[i] && this.radius[i] * this.scale >= LABEL_MIN_RADIUS) others.push(i);
      }
      others.sort(function (a, b) { return degree[b] - degree[a] || a - b; });
      for (var k = 0; k < others.length && order.length < LABEL_TRIES; k++) add(others[k]);
    }
    return { order: order, forced: forced };
  };

  GraphView.prototype.inView = function (i) {
    var p = this.toScreen(i);
    return p.x >= 0 && p.x <= this.width && p.y >= 0 && p.y <= this.height;
  };

  /* A node's label text, shortened to fit the canvas. */
  GraphView.prototype.labelText = function (ctx, i) {
    var cache = (this.labelCache = this.labelCache || {});
    if (cache[i]) return cache[i];
    var title = this.data.nodes[i].t;
    if (title.length > LABEL_CHARS) title = title.slice(0, LABEL_CHARS - 1).trimEnd() + "…";
    var width = ctx.measureText(title).width;
    while (width > this.width - 8 && title.length > 2) {
      title = title.slice(0, -2).trimEnd() + "…";
      width = ctx.measureText(title).width;
    }
    return (cache[i] = { text: title, width: width });
  };

  /* Place labels greedily, best first: each at the first of a few spots
   * around its node (above, below, beside) that stays inside the canvas and
   * overlaps no label placed before it; a node with no free spot goes
   * without. Forced labels try more spots. */
  GraphView.prototype.placeLabels = function (ctx, focus) {
    var wanted = this.labelOrder(focus), placed = [], grid = new BoxGrid();
    var width = this.width, height = this.height, h = LABEL_HEIGHT, i, k;
    /* Nodes in view are obstacles too: a label should not hide a node. */
    for (i = 0; i < this.layout.n; i++) {
      if ((this.hidden && this.hidden[i]) || !this.inView(i)) continue;
      var p = this.toScreen(i), pr = this.radius[i] * this.scale;
      grid.add({ i: i, x: p.x - pr, y: p.y - pr, w: 2 * pr, h: 2 * pr, disc: true });
    }
    for (k = 0; k < wanted.order.length; k++) {
      i = wanted.order[k];
      var label = this.labelText(ctx, i), forced = k < wanted.forced;
      var w = label.width + 6, at = this.toScreen(i), r = this.radius[i] * this.scale;
      var spots = [
        [at.x - w / 2, at.y - r - 2 - h],
        [at.x - w / 2, at.y + r + 2],
        [at.x + r + 3, at.y - h / 2],
        [at.x - r - 3 - w, at.y - h / 2],
      ];
      if (forced) {
        spots.push(
          [at.x + r, at.y - r - h], [at.x - r - w, at.y - r - h],
          [at.x + r, at.y + r], [at.x - r - w, at.y + r],
          [at.x - w / 2, at.y - r - 2 - 2 * h], [at.x - w / 2, at.y + r + 2 + h]
        );
      }
      /* A forced label may cover other nodes when nothing else is free; it
       * never covers another label. */
      var passes = forced ? [true, false] : [true];
      search: for (var pass = 0; pass < passes.length; pass++) {
        for (var s = 0; s < spots.length; s++) {
          var box = {
            i: i,
            text: label.text,
            x: Math.min(Math.max(spots[s][0], 1), width - w - 1),
            y: Math.min(Math.max(spots[s][1], 1), height - h - 1),
            w: w,
            h: h,
          };
          if (!grid.hits(box, passes[pass])) {
            placed.push(box);
            grid.add(box);
            break search;
          }
        }
      }
    }
    return placed;
  };

  GraphView.prototype.drawLabels = function (ctx, fg, bg, focus) {
    ctx.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    ctx.font = "12px " + (getComputedStyle(this.container).fontFamily || "sans-serif");
    var boxes = this.placeLabels(ctx, focus);
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.lineJoin = "round";
    ctx.lineWidth = 3;
    ctx.strokeStyle = bg;
    ctx.fillStyle = fg;
    for (var k = 0; k < boxes.length; k++) {
      var box = boxes[k], cx = box.x + box.w / 2, cy = box.y + box.h / 2;
      /* A halo in the background colour keeps text readable over edges. */
      ctx.strokeText(box.text, cx, cy);
      ctx.fillText(box.text, cx, cy);
    }
    /* What was drawn, in CSS pixels of the canvas (tests read it). */
    this.labels = boxes;
  };

  /* Pointer input, the same for mouse, pen and touch: drag a node to move
   * it, drag the background to pan, wheel or pinch to zoom. A click opens a
   * node's page; a tap with a finger first highlights the node with its
   * neighbours (there is no hover on a phone) and a second tap opens it. */
  GraphView.prototype.bind = function () {
    var view = this, canvas = this.canvas, drag = null, pointers = {}, pinch = null;
    function point(event) {
      var box = canvas.getBoundingClientRect();
      return { x: event.clientX - box.left, y: event.clientY - box.top };
    }
    function pinchState() {
      var ids = Object.keys(pointers);
      var a = pointers[ids[0]], b = pointers[ids[1]];
      return {
        distance: Math.max(Math.hypot(a.x - b.x, a.y - b.y), 1),
        x: (a.x + b.x) / 2,
        y: (a.y + b.y) / 2,
        scale: view.scale,
        tx: view.tx,
        ty: view.ty,
      };
    }
    canvas.addEventListener("pointerdown", function (event) {
      var p = point(event);
      pointers[event.pointerId] = p;
      canvas.setPointerCapture(event.pointerId);
      if (Object.keys(pointers).length === 2) {
        /* A second finger: stop dragging, start pinching. */
        if (drag && drag.node >= 0) view.layout.fixed[drag.node] = 0;
        drag = null;
        pinch = pinchState();
        return;
      }
      var node = view.nodeAt(p.x, p.y);
      drag = { node: node, x: p.x, y: p.y, tx: view.tx, ty: view.ty, moved: false, touch: event.pointerType === "touch" };
      if (node >= 0) view.layout.fixed[node] = 1;
    });
    canvas.addEventListener("pointermove", function (event) {
      var p = point(event);
      if (pointers[event.pointerId]) pointers[event.pointerId] = p;
      if (pinch && Object.keys(pointers).length === 2) {
        var now = pinchState();
        var scale = Math.min(Math.max(pinch.scale * (now.distance / pinch.distance), 0.02), 8);
        view.tx = now.x - ((pinch.x - pinch.tx) * scale) / pinch.scale;
        view.ty = now.y - ((pinch.y - pinch.ty) * scale) / pinch.scale;
        view.scale = scale;
        view.interacted = true;
        view.requestDraw();
        return;
      }
      if (!drag) {
        var over = view.nodeAt(p.x, p.y);
        if (over !== view.hover && event.pointerType !== "touch") {
          view.hover = over;
          canvas.style.cursor = over >= 0 ? "pointer" : "grab";
          canvas.title = over >= 0 ? view.data.nodes[over].t : "";
          view.requestDraw();
        }
        return;
      }
      if (Math.abs(p.x - drag.x) + Math.abs(p.y - drag.y) > 4) drag.moved = true;
      if (!drag.moved) return;
      view.interacted = true;
      if (drag.node >= 0) {
        view.layout.x[drag.node] = (p.x - view.tx) / view.scale;
        view.layout.y[drag.node] = (p.y - view.ty) / view.scale;
        view.layout.reheat(0.1);
        view.start();
      } else {
        view.tx = drag.tx + p.x - drag.x;
        view.ty = drag.ty + p.y - drag.y;
        view.requestDraw();
      }
    });
    function release(event) {
      delete pointers[event.pointerId];
      if (canvas.hasPointerCapture(event.pointerId)) canvas.releasePointerCapture(event.pointerId);
      if (pinch) {
        if (!Object.keys(pointers).length) pinch = null;
        return;
      }
      if (!drag) return;
      var wasClick = !drag.moved && event.type === "pointerup", node = drag.node, touch = drag.touch;
      if (node >= 0) view.layout.fixed[node] = 0;
      drag = null;
      if (!wasClick) return;
      if (node >= 0 && touch && view.focus !== node) {
        view.focus = node;
        view.requestDraw();
      } else if (node >= 0) {
        view.open(node);
      } else if (view.focus >= 0 && touch) {
        view.focus = -1;
        view.requestDraw();
      }
    }
    canvas.addEventListener("pointerup", release);
    canvas.addEventListener("pointercancel", release);
    canvas.addEventListener("pointerleave", function () {
      if (view.hover >= 0) {
        view.hover = -1;
        view.requestDraw();
      }
    });
    canvas.addEventListener("wheel", function (event) {
      event.preventDefault();
      var p = point(event);
      view.zoom(Math.exp(-event.deltaY * 0.0015), p.x, p.y);
    }, { passive: false });
  };

  /* Zoom by `factor` around a point of the canvas (its centre by default). */
  GraphView.prototype.zoom = function (factor, px, py) {
    if (px === undefined) {
      px = this.width / 2;
      py = this.height / 2;
    }
    var scale = Math.min(Math.max(this.scale * factor, 0.02), 8);
    this.tx = px - ((px - this.tx) * scale) / this.scale;
    this.ty = py - ((py - this.ty) * scale) / this.scale;
    this.scale = scale;
    this.interacted = true;
    this.requestDraw();
  };

  /* Frame every visible node again, and keep them framed while the layout moves. */
  GraphView.prototype.reset = function () {
    this.interacted = false;
    this.fit();
    this.requestDraw();
  };

  /* Go to the page of node `i`. */
  GraphView.prototype.open = function (i) {
    location.href = lf.pageUrl(this.data.nodes[i].u);
  };

  /* Centre the view on node `i` and highlight it with its neighbours. */
  GraphView.prototype.focusNode = function (i) {
    this.focus = i;
    this.interacted = true;
    var scale = Math.max(this.scale, 1.5);
    this.scale = scale;
    this.tx = this.width / 2 - this.layout.x[i] * scale;
    this.ty = this.height / 2 - this.layout.y[i] * scale;
    this.requestDraw();
  };

  GraphView.prototype.screenPosition = function (key) {
    var i = this.index[key];
    return i === undefined ? null : this.toScreen(i);
  };

  lf.GraphView = GraphView;
  lf.graphs = lf.graphs || [];

  /* ---- the two uses ------------------------------------------------------ */

  /* The sub-graph of nodes within `depth` links of `centre`. */
  function localData(data, centre, depth) {
    var adjacent = data.nodes.map(function () { return []; });
    data.edges.forEach(function (edge) {
      adjacent[edge[0]].push(edge[1]);
      adjacent[edge[1]].push(edge[0]);
    });
    var keep = [centre], seen = {}, frontier = [centre];
    seen[centre] = true;
    for (var d = 0; d < depth; d++) {
      var next = [];
      frontier.forEach(function (i) {
        adjacent[i].forEach(function (j) {
          if (!seen[j]) {
            seen[j] = true;
            next.push(j);
            keep.push(j);
          }
        });
      });
      frontier = next;
    }
    var remap = {};
    var nodes = keep.map(function (i, k) {
      remap[i] = k;
      var node = Object.assign({}, data.nodes[i]);
      /* Start on a circle around the note: the global seed positions would
       * spread a local graph over the whole vault. */
      var angle = k * 2.39996;
      var r = k === 0 ? 0 : 30 + 6 * Math.sqrt(k);
      node.x = r * Math.cos(angle);
      node.y = r * Math.sin(angle);
      return node;
    });
    var edges = data.edges.filter(function (edge) {
      return edge[0] in remap && edge[1] in remap;
    }).map(function (edge) {
      return [remap[edge[0]], remap[edge[1]]];
    });
    var requires = (data.requires || []).filter(function (arrow) {
      return arrow[0] in remap && arrow[1] in remap;
    }).map(function (arrow) {
      return [remap[arrow[0]], remap[arrow[1]]];
    });
    return {
      sources: data.sources, tags: data.tags, nodes: nodes, edges: edges,
      statuses: data.statuses, requires: requires,
    };
  }

  var DEPTH_KEY = "learnfolio.localGraphDepth";
  var DEPTHS = [1, 2, 3];

  /* The depth the reader chose last (kept across pages), else the site's. */
  function localDepth(config) {
    var chosen = 0;
    try {
      chosen = Number(localStorage.getItem(DEPTH_KEY)) || 0;
    } catch (error) {
      /* storage off: use the site's depth */
    }
    return DEPTHS.indexOf(chosen) >= 0 ? chosen : Math.max(1, Math.min(3, config.localGraph || 1));
  }

  GraphView.prototype.destroy = function () {
    this.running = false;
    window.removeEventListener("resize", this.onResize);
    this.canvas.remove();
  };

  function mountLocal(data) {
    var config = lf.config;
    var key = lf.pageKey(location.href);
    var index = -1;
    for (var i = 0; i < data.nodes.length; i++) {
      if (data.nodes[i].u === key) {
        index = i;
        break;
      }
    }
    if (index < 0 || document.querySelector(".lf-local-graph")) return;
    var box = lf.element("div", "lf-local-graph");
    var head = lf.element("div", "lf-local-graph-head");
    head.appendChild(lf.element("span", "lf-local-graph-title", "Linked notes"));
    var depthGroup = lf.element("span", "lf-local-graph-depth");
    depthGroup.setAttribute("role", "group");
    depthGroup.setAttribute("aria-label", "Links away from this note");
    depthGroup.appendChild(lf.element("span", "lf-local-graph-depth-label", "Depth"));
    var buttons = DEPTHS.map(function (depth) {
      var button = lf.element("button", "lf-local-graph-depth-button", String(depth));
      button.type = "button";
      button.value = String(depth);
      button.title = depth === 1 ? "Notes linked to this one" : "Notes up to " + depth + " links away";
      depthGroup.appendChild(button);
      return button;
    });
    head.appendChild(depthGroup);
    box.appendChild(head);
    var holder = lf.element("div", "lf-local-graph-canvas");
    box.appendChild(holder);
    if (config.graph) {
      var open = lf.element("a", "lf-local-graph-open md-button", "Open full graph");
      open.href = lf.pageUrl(config.graph) + "#focus=" + encodeURIComponent(key);
      box.appendChild(open);
    }
    var sidebar = lf.sidebar("secondary");
    /* The page's own article: on the blog's index the first <article> is a post's excerpt. */
    var article = document.querySelector(".md-content__inner") || document.querySelector("article") || document.body;
    if (sidebar && sidebar.offsetParent !== null) {
      sidebar.appendChild(box);
    } else {
      article.appendChild(box);
    }
    var slot = lf.graphs.length, view = null;

    function draw(depth) {
      buttons.forEach(function (button) {
        button.setAttribute("aria-pressed", String(Number(button.value) === depth));
      });
      if (view) view.destroy();
      var local = localData(data, index, depth);
      view = new GraphView(holder, local, { height: 220, alpha: 1, label: "Notes linked to this one" });
      view.current = 0;
      box.setAttribute("data-lf-nodes", String(local.nodes.length));
      box.setAttribute("data-lf-depth", String(depth));
      /* Settle the layout before the first frame, for at most 60 ms (a few
       * hundred nodes); a bigger neighbourhood goes on settling on screen. */
      var until = performance.now() + 60;
      while (view.layout.step() && performance.now() < until);
      view.fit();
      view.draw();
      if (view.layout.alpha >= 0.005) view.start();
      lf.graphs[slot] = view;
    }
    depthGroup.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) return;
      var depth = Number(button.value);
      try {
        localStorage.setItem(DEPTH_KEY, String(depth));
      } catch (error) {
        /* storage off: the choice lasts for this page */
      }
      draw(depth);
    });
    draw(localDepth(config));
  }

  function mountFull(container, data) {
    var started = performance.now();
    var controls = lf.element("div", "lf-graph-controls");
    var search = lf.element("input", "lf-graph-search");
    search.type = "search";
    search.placeholder = "Find a note…";
    search.setAttribute("aria-label", "Find a note in the graph");
    var list = lf.element("datalist");
    list.id = "lf-graph-titles";
    search.setAttribute("list", list.id);
    data.nodes.forEach(function (node) {
      var option = document.createElement("option");
      option.value = node.t;
      list.appendChild(option);
    });
    var colour = lf.element("select", "lf-graph-colour");
    colour.setAttribute("aria-label", "Colour nodes by");
    [["source", "Colour by source"], ["tag", "Colour by top tag"]].forEach(function (pair) {
      var option = lf.element("option", null, pair[1]);
      option.value = pair[0];
      colour.appendChild(option);
    });
    var tagFilter = lf.element("select", "lf-graph-tag");
    tagFilter.setAttribute("aria-label", "Show notes with tag");
    var all = lf.element("option", null, "All tags");
    all.value = "";
    tagFilter.appendChild(all);
    data.tags.map(function (name, i) { return [name, i]; })
      .sort(function (a, b) { return a[0].localeCompare(b[0]); })
      .forEach(function (pair) {
        var option = lf.element("option", null, "#" + pair[0]);
        option.value = String(pair[1]);
        tagFilter.appendChild(option);
      });
    var sources = lf.element("fieldset", "lf-graph-sources");
    sources.appendChild(lf.element("legend", null, "Sources"));
    data.sources.forEach(function (name, i) {
      var label = lf.element("label");
      var box = lf.element("input");
      box.type = "checkbox";
      box.checked = true;
      box.value = String(i);
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + name));
      sources.appendChild(label);
    });
    var arrows = null;
    if (data.requires && data.requires.length) {
      arrows = lf.element("label", "lf-graph-arrows");
      var arrowBox = lf.element("input");
      arrowBox.type = "checkbox";
      arrows.append(arrowBox, document.createTextNode(" Prerequisite arrows"));
      arrows.title = "Draw an arrow from each prerequisite to the note that builds on it";
    }
    var status = lf.element("span", "lf-graph-status");
    status.setAttribute("role", "status");
    var finder = lf.element("span", "lf-graph-find");
    finder.append(search, status);
    /* On a phone the filters fold away behind a button, so that the graph
     * fits the screen; on a wide screen they are always shown. */
    var toggle = lf.element("button", "lf-graph-options-toggle", "Colours and filters");
    toggle.type = "button";
    toggle.setAttribute("aria-controls", "lf-graph-options");
    toggle.setAttribute("aria-expanded", "false");
    var options = lf.element("div", "lf-graph-options");
    options.id = "lf-graph-options";
    options.append(colour, tagFilter, sources);
    if (arrows) options.appendChild(arrows);
    toggle.addEventListener("click", function () {
      toggle.setAttribute("aria-expanded", String(toggle.getAttribute("aria-expanded") !== "true"));
    });
    controls.append(finder, list, toggle, options);
    var legend = lf.element("ul", "lf-graph-legend");
    legend.setAttribute("aria-label", "Colours");
    var holder = lf.element("div", "lf-graph-stage");
    var zoom = lf.element("div", "lf-graph-zoom");
    [["in", "+", "Zoom in"], ["out", "−", "Zoom out"], ["fit", "Fit", "Fit every note in view"]]
      .forEach(function (spec) {
        var button = lf.element("button", "lf-graph-zoom-" + spec[0], spec[1]);
        button.type = "button";
        button.value = spec[0];
        button.title = spec[2];
        button.setAttribute("aria-label", spec[2]);
        zoom.appendChild(button);
      });
    holder.appendChild(zoom);
    container.append(controls, holder, legend);
    var view = new GraphView(holder, data, {
      onFirstDraw: function () {
        lf.graphFirstDraw = performance.now() - started;
        if (performance.mark) performance.mark("lf-graph-first-draw");
      },
    });
    lf.graphs.push(view);

    function renderLegend() {
      legend.textContent = "";
      view.legend.forEach(function (item) {
        var entry = lf.element("li");
        var dot = lf.element("span", item.ring ? "lf-graph-dot lf-graph-ring" : "lf-graph-dot");
        if (item.ring) dot.style.borderColor = item.ring;
        else dot.style.background = item.colour;
        entry.append(dot, document.createTextNode(item.name));
        legend.appendChild(entry);
      });
    }
    function applyFilters() {
      var shown = {};
      sources.querySelectorAll("input").forEach(function (box) {
        shown[box.value] = box.checked;
      });
      var tag = tagFilter.value === "" ? -1 : Number(tagFilter.value);
      var hidden = new Uint8Array(data.nodes.length);
      data.nodes.forEach(function (node, i) {
        var bySource = node.s < 0 ? false : !shown[String(node.s)];
        var byTag = tag >= 0 && (node.g || []).indexOf(tag) < 0;
        hidden[i] = bySource || byTag ? 1 : 0;
      });
      view.hidden = hidden;
      if (view.focus >= 0 && hidden[view.focus]) view.focus = -1;
      /* Frame what is left: a filter can leave a corner of the graph. */
      view.reset();
    }
    /* How well a title matches what was typed: 0 the same, 1 starts with
     * it, 2 a word of it starts with it, 3 contains it; -1 no match. */
    function rank(title, wanted) {
      title = title.toLowerCase();
      if (title === wanted) return 0;
      if (title.indexOf(wanted) === 0) return 1;
      var at = title.indexOf(wanted);
      if (at < 0) return -1;
      for (; at > 0; at = title.indexOf(wanted, at + 1)) {
        if (/[\s\-_/(]/.test(title.charAt(at - 1))) return 2;
      }
      return 3;
    }
    /* The best match among the nodes shown: the best rank, then the
     * shortest title ("PCA" before "PCA by eigen-decomposition"). */
    function find(text) {
      var wanted = text.trim().toLowerCase();
      var best = -1, bestRank = 4, hiddenMatch = false;
      if (!wanted) return { node: -1, hiddenMatch: false };
      data.nodes.forEach(function (node, i) {
        var r = rank(node.t, wanted);
        if (r < 0) return;
        if (view.hidden && view.hidden[i]) {
          hiddenMatch = true;
          return;
        }
        if (r < bestRank || (r === bestRank && node.t.length < data.nodes[best].t.length)) {
          best = i;
          bestRank = r;
        }
      });
      return { node: best, hiddenMatch: hiddenMatch };
    }
    function runSearch() {
      var text = search.value.trim();
      if (!text) {
        status.textContent = "";
        view.focus = -1;
        view.requestDraw();
        return;
      }
      var found = find(text);
      if (found.node >= 0) {
        status.textContent = "";
        search.removeAttribute("aria-invalid");
        view.focusNode(found.node);
      } else {
        status.textContent = found.hiddenMatch
          ? "“" + text + "” is hidden by the filters."
          : "No note matches “" + text + "”.";
        search.setAttribute("aria-invalid", "true");
      }
    }
    search.addEventListener("change", runSearch);
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") runSearch();
    });
    search.addEventListener("input", function () {
      if (!search.value.trim()) runSearch();
    });
    zoom.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) return;
      if (button.value === "fit") view.reset();
      else view.zoom(button.value === "in" ? 1.4 : 1 / 1.4);
    });
    colour.addEventListener("change", function () {
      view.setColours(colour.value);
      renderLegend();
    });
    tagFilter.addEventListener("change", applyFilters);
    if (arrows) {
      arrows.addEventListener("change", function (event) {
        view.showRequires = event.target.checked;
        view.requestDraw();
      });
    }
    sources.addEventListener("change", applyFilters);
    renderLegend();
    view.draw();
    var match = /[#&]focus=([^&]+)/.exec(location.hash);
    if (match) {
      var key = decodeURIComponent(match[1]);
      if (view.index[key] !== undefined) view.focusNode(view.index[key]);
    }
    view.start();
  }

  lf.onPage(function () {
    var config = lf.config;
    var full = document.querySelector("[data-lf-graph=full]");
    if (full && !full.getAttribute("data-lf-mounted")) {
      full.setAttribute("data-lf-mounted", "1");
      lf.fetchJSON("graph.json").then(function (data) {
        mountFull(full, data);
      }).catch(function (error) {
        full.textContent = String(error.message || error);
      });
      return;
    }
    if (config.hasGraph && config.localGraph > 0) {
      lf.fetchJSON("graph.json").then(mountLocal).catch(function (error) {
        console.warn(error);
      });
    }
  });
})();
