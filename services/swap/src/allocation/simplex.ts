/**
 * Primal network simplex for uncapacitated min-cost flow with node supplies.
 *
 * A spanning tree (rooted at a hub node joined to every other node) carries the basic flow;
 * node potentials make every tree arc's reduced cost 0.
 * Each pivot brings in an arc of negative reduced cost, pushes flow round the cycle it closes,
 * and drops the arc that blocks first. Ties go to the last blocking arc from the cycle's apex,
 * which keeps the tree strongly feasible and so rules out cycling on degenerate pivots.
 * Arcs may be added between solves: the tree stays feasible, so solving again continues from
 * there (used to price in candidate pairs lazily). Requires that no directed cycle has negative
 * cost (there is none in the bipartite allocation network); otherwise `solve` throws.
 * @module
 */

const NONE = -1;

/** A min-cost flow problem on `n` nodes, solved by {@link NetworkSimplex.solve}. */
export class NetworkSimplex {
  private src = new Int32Array(0);
  private dst = new Int32Array(0);
  private cost = new Float64Array(0);
  private flow = new Float64Array(0);
  private inTree = new Uint8Array(0);
  private arcs = 0;
  private readonly parent: Int32Array;
  private readonly pred: Int32Array;
  /** 1 when the node's tree arc points to its parent. */
  private readonly up: Uint8Array;
  /**
   * Join search marks: 2·stamp + 0 when reached from the entering arc's source, + 1 from its target.
   * Replaces a depth array, which every pivot had to renumber over the whole moved subtree.
   */
  private readonly mark: Float64Array;
  private stamp = 0;
  private readonly firstChild: Int32Array;
  private readonly nextSib: Int32Array;
  private readonly prevSib: Int32Array;
  private readonly stack: Int32Array;
  /** Node potentials: an arc's reduced cost is cost + pi[source] − pi[target]. */
  readonly pi: Float64Array;
  private cursor = 0;
  /** Pivots made so far. */
  pivots = 0;
  /** Number of nodes. */
  readonly n: number;
  /** The root node every other node starts joined to. */
  readonly hub: number;

  /**
   * Starts from the star tree around `hub`: every other node v gets a hub arc, v → hub when it
   * supplies (or is balanced), hub → v when it demands, carrying exactly its supply. That basis is
   * feasible and strongly feasible (a tree arc with zero flow points to the root), so no artificial
   * arcs or phase one are needed. Hub arcs are ordinary arcs: they can leave and re-enter.
   * @param supply per node, positive to send, negative to receive; must sum to 0.
   * @param hubCost cost of node v's hub arc.
   */
  constructor(n: number, supply: ArrayLike<number>, hub: number, hubCost: (v: number) => number) {
    this.n = n;
    this.hub = hub;
    this.parent = new Int32Array(n);
    this.pred = new Int32Array(n).fill(NONE);
    this.up = new Uint8Array(n);
    this.mark = new Float64Array(n);
    this.firstChild = new Int32Array(n).fill(NONE);
    this.nextSib = new Int32Array(n).fill(NONE);
    this.prevSib = new Int32Array(n).fill(NONE);
    this.stack = new Int32Array(n);
    this.pi = new Float64Array(n);
    this.reserve(n + 1024);
    this.parent[hub] = NONE;
    let total = 0;
    for (let v = 0; v < n; v++) {
      const b = supply[v]!;
      total += b;
      if (v === hub) continue;
      const c = hubCost(v);
      const a = b >= 0 ? this.push(v, hub, c) : this.push(hub, v, c);
      this.flow[a] = Math.abs(b);
      this.inTree[a] = 1;
      this.pred[v] = a;
      this.up[v] = b >= 0 ? 1 : 0;
      this.pi[v] = b >= 0 ? -c : c;
      this.parent[v] = hub;
      this.attach(v, hub);
    }
    if (total !== 0) throw new RangeError('supplies must sum to 0');
  }

  /** Adds an arc (flow 0, outside the tree) and returns its index. */
  addArc(source: number, target: number, cost: number): number {
    return this.push(source, target, cost);
  }

  /** Flow on arc `a`. */
  flowOf(a: number): number {
    return this.flow[a]!;
  }

  /** Source, target and cost of arc `a`. */
  arc(a: number): [number, number, number] {
    return [this.src[a]!, this.dst[a]!, this.cost[a]!];
  }

  /** Number of arcs, hub arcs included. */
  get arcCount(): number {
    return this.arcs;
  }

  /** Pivots until no arc has negative reduced cost: the flow is then optimal. */
  solve(): void {
    // Small blocks pivot on a good arc soon; √m/4 measured fastest on generated instances.
    const block = Math.max(64, Math.ceil(Math.sqrt(this.arcs) / 4));
    for (;;) {
      const e = this.findEntering(block);
      if (e === NONE) return;
      this.pivot(e);
      this.pivots++;
    }
  }

  /** Block search: scan arcs from the cursor, pick the most negative in the first block holding one. */
  private findEntering(block: number): number {
    const { src, dst, cost, inTree, pi } = this;
    const count = this.arcs;
    let a = this.cursor >= count ? 0 : this.cursor;
    let best = 0;
    let bestArc = NONE;
    let inBlock = 0;
    for (let k = 0; k < count; k++) {
      if (inTree[a] === 0) {
        const rc = cost[a]! + pi[src[a]!]! - pi[dst[a]!]!;
        if (rc < best) {
          best = rc;
          bestArc = a;
        }
      }
      if (++a === count) a = 0;
      if (++inBlock === block) {
        if (bestArc !== NONE) break;
        inBlock = 0;
      }
    }
    this.cursor = a;
    return bestArc;
  }

  private pivot(e: number): void {
    const { parent, pred, up, flow, pi } = this;
    const u = this.src[e]!;
    const v = this.dst[e]!;
    const rc = this.cost[e]! + pi[u]! - pi[v]!;
    const join = this.findJoin(u, v);
    // Flow goes join → … → u → v → … → join. An arc blocks when the cycle runs against it.
    let delta = Number.POSITIVE_INFINITY;
    let out = NONE;
    let sourceSide = false;
    for (let x = u; x !== join; x = parent[x]!) {
      if (up[x] === 1 && flow[pred[x]!]! < delta) {
        delta = flow[pred[x]!]!;
        out = x;
        sourceSide = true;
      }
    }
    for (let x = v; x !== join; x = parent[x]!) {
      if (up[x] === 0 && flow[pred[x]!]! <= delta) {
        delta = flow[pred[x]!]!;
        out = x;
        sourceSide = false;
      }
    }
    if (out === NONE) throw new Error('network simplex: unbounded cycle');
    if (delta > 0) {
      flow[e]! += delta;
      for (let x = u; x !== join; x = parent[x]!) flow[pred[x]!]! += up[x] === 1 ? -delta : delta;
      for (let x = v; x !== join; x = parent[x]!) flow[pred[x]!]! += up[x] === 1 ? delta : -delta;
    }
    this.inTree[pred[out]!] = 0;
    this.inTree[e] = 1;
    // The subtree below the leaving arc is cut off and hung back by the entering arc at its
    // endpoint inside that subtree: reverse the parent links along the stem from there to `out`.
    const uIn = sourceSide ? u : v;
    let x = uIn;
    let newParent = sourceSide ? v : u;
    let newPred = e;
    let newUp = sourceSide ? 1 : 0;
    for (;;) {
      const oldParent = parent[x]!;
      const oldPred = pred[x]!;
      const oldUp = up[x]!;
      this.detach(x);
      parent[x] = newParent;
      pred[x] = newPred;
      up[x] = newUp;
      this.attach(x, newParent);
      if (x === out) break;
      newParent = x;
      newPred = oldPred;
      newUp = 1 - oldUp;
      x = oldParent;
    }
    // The moved subtree keeps its internal potential differences; shift it so rc(e) becomes 0.
    this.relevel(uIn, sourceSide ? -rc : rc);
  }

  /**
   * The nearest common ancestor of u and v: climb from both in turn, marking; the first node one
   * climb finds marked by the other is it (each climb passes the ancestor before any node above
   * it). Costs O(cycle length), like climbing by depth, without keeping depths.
   */
  private findJoin(u: number, v: number): number {
    const { parent, mark } = this;
    const tagU = 2 * ++this.stamp;
    const tagV = tagU + 1;
    let a = u;
    let b = v;
    for (;;) {
      if (a !== NONE) {
        if (mark[a] === tagV) return a;
        mark[a] = tagU;
        a = parent[a]!;
      }
      if (b !== NONE) {
        if (mark[b] === tagU) return b;
        mark[b] = tagV;
        b = parent[b]!;
      }
    }
  }

  private relevel(top: number, shift: number): void {
    const { stack, pi, firstChild, nextSib } = this;
    let size = 0;
    stack[size++] = top;
    while (size > 0) {
      const y = stack[--size]!;
      pi[y]! += shift;
      for (let c = firstChild[y]!; c !== NONE; c = nextSib[c]!) stack[size++] = c;
    }
  }

  private attach(x: number, p: number): void {
    const head = this.firstChild[p]!;
    this.nextSib[x] = head;
    this.prevSib[x] = NONE;
    if (head !== NONE) this.prevSib[head] = x;
    this.firstChild[p] = x;
  }

  private detach(x: number): void {
    const p = this.parent[x]!;
    const prev = this.prevSib[x]!;
    const next = this.nextSib[x]!;
    if (prev !== NONE) this.nextSib[prev] = next;
    else if (p !== NONE) this.firstChild[p] = next;
    if (next !== NONE) this.prevSib[next] = prev;
  }

  private push(source: number, target: number, cost: number): number {
    if (this.arcs === this.src.length) this.reserve(this.arcs * 2);
    const a = this.arcs++;
    this.src[a] = source;
    this.dst[a] = target;
    this.cost[a] = cost;
    return a;
  }

  private reserve(size: number): void {
    const grow = <T extends Int32Array | Float64Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.src = grow(this.src, (k) => new Int32Array(k));
    this.dst = grow(this.dst, (k) => new Int32Array(k));
    this.cost = grow(this.cost, (k) => new Float64Array(k));
    this.flow = grow(this.flow, (k) => new Float64Array(k));
    this.inTree = grow(this.inTree, (k) => new Uint8Array(k));
  }
}
