/**
 * Primal network simplex for uncapacitated min-cost flow with node supplies.
 *
 * A spanning tree (rooted at a hub node joined to every other node) carries the basic flow;
 * node potentials make every tree arc's reduced cost 0.
 * Each pivot brings in an arc of negative reduced cost, pushes flow round the cycle it closes,
 * and drops the arc that blocks first. Ties go to the last blocking arc from the cycle's apex,
 * which keeps the tree strongly feasible and so rules out cycling on degenerate pivots.
 * The tree is kept as a preorder thread (issue #14): `thread` lists the nodes in depth-first order,
 * `revThread` backwards, `succNum` counts each node's subtree and `lastSucc` names its last node in
 * the thread, so a subtree is one contiguous stretch of the thread. A pivot relinks a few stretches
 * (one per node on the stem it re-roots) and shifts the moved subtree's potentials in one walk
 * along the thread; the apex of the cycle is found by climbing from the smaller subtree.
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
   * Flow on each node's tree arc, kept by node: the cycle walks read it next to `up` instead of
   * `flow[pred[x]]` in the large arc array. `flow` catches up when solving stops ({@link syncFlows});
   * an arc out of the tree carries nothing (no capacities), so leaving sets it to 0 at once.
   */
  private readonly treeFlow: Float64Array;
  /** Next node in the tree's preorder (circular: the last node leads back to the hub). */
  private readonly thread: Int32Array;
  private readonly revThread: Int32Array;
  /** Nodes in each node's subtree, itself included. */
  private readonly succNum: Int32Array;
  /** Each node's subtree's last node in the thread. */
  private readonly lastSucc: Int32Array;
  /** Scratch for a pivot's stem (the path it re-roots): node, and its old lastSucc and succNum. */
  private readonly stemNode: Int32Array;
  private readonly stemLast: Int32Array;
  private readonly stemSize: Int32Array;
  /** Per stem node i ≥ 1: where its old stretch before, and after, stem node i − 1's subtree begins. */
  private readonly stemBefore: Int32Array;
  private readonly stemAfter: Int32Array;
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
    this.treeFlow = new Float64Array(n);
    this.thread = new Int32Array(n);
    this.revThread = new Int32Array(n);
    this.succNum = new Int32Array(n).fill(1);
    this.lastSucc = new Int32Array(n);
    this.stemNode = new Int32Array(n);
    this.stemLast = new Int32Array(n);
    this.stemSize = new Int32Array(n);
    this.stemBefore = new Int32Array(n);
    this.stemAfter = new Int32Array(n);
    this.pi = new Float64Array(n);
    this.reserve(n + 1024);
    this.parent[hub] = NONE;
    this.succNum[hub] = n;
    let total = 0;
    let tail = hub; // thread: the hub, then every other node in index order
    for (let v = 0; v < n; v++) {
      const b = supply[v]!;
      total += b;
      if (v === hub) continue;
      const c = hubCost(v);
      const a = b >= 0 ? this.push(v, hub, c) : this.push(hub, v, c);
      this.flow[a] = Math.abs(b);
      this.treeFlow[v] = Math.abs(b);
      this.inTree[a] = 1;
      this.pred[v] = a;
      this.up[v] = b >= 0 ? 1 : 0;
      this.pi[v] = b >= 0 ? -c : c;
      this.parent[v] = hub;
      this.lastSucc[v] = v;
      this.thread[tail] = v;
      this.revThread[v] = tail;
      tail = v;
    }
    this.thread[tail] = hub;
    this.revThread[hub] = tail;
    this.lastSucc[hub] = tail;
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
    while (this.step());
  }

  /** One pivot; false when no arc has negative reduced cost (the flow is optimal). For tests. */
  step(): boolean {
    // Small blocks pivot on a good arc soon; √m/4 measured fastest on generated instances.
    const block = Math.max(64, Math.ceil(Math.sqrt(this.arcs) / 4));
    const e = this.findEntering(block);
    if (e === NONE) {
      this.syncFlows();
      return false;
    }
    this.pivot(e);
    this.pivots++;
    return true;
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
    const { parent, pred, up, treeFlow, pi, succNum } = this;
    const u = this.src[e]!;
    const v = this.dst[e]!;
    const rc = this.cost[e]! + pi[u]! - pi[v]!;
    // Climb to the apex (join) from both ends: a node's ancestors have larger subtrees, so climbing
    // from the smaller never passes it. Flow goes join → … → u → v → … → join, and an arc blocks
    // when the cycle runs against it; each side is climbed in order, so the blocking arcs are
    // picked on the way: on u's side the first of least flow (nearest u), on v's side the last
    // (nearest the join), and v's side wins ties — the last blocking arc from the apex, which
    // keeps the tree strongly feasible. (Before, two more walks round the cycle did this.)
    let a = u;
    let b = v;
    let deltaU = Number.POSITIVE_INFINITY;
    let outU = NONE;
    let deltaV = Number.POSITIVE_INFINITY;
    let outV = NONE;
    while (a !== b) {
      if (succNum[a]! < succNum[b]!) {
        if (up[a] === 1 && treeFlow[a]! < deltaU) {
          deltaU = treeFlow[a]!;
          outU = a;
        }
        a = parent[a]!;
      } else {
        if (up[b] === 0 && treeFlow[b]! <= deltaV) {
          deltaV = treeFlow[b]!;
          outV = b;
        }
        b = parent[b]!;
      }
    }
    const join = a;
    const sourceSide = !(outV !== NONE && deltaV <= deltaU);
    const out = sourceSide ? outU : outV;
    const delta = sourceSide ? deltaU : deltaV;
    if (out === NONE) throw new Error('network simplex: unbounded cycle');
    if (delta > 0) {
      for (let x = u; x !== join; x = parent[x]!) treeFlow[x]! += up[x] === 1 ? -delta : delta;
      for (let x = v; x !== join; x = parent[x]!) treeFlow[x]! += up[x] === 1 ? delta : -delta;
    }
    this.flow[pred[out]!] = 0; // it blocked: its flow is down to 0
    this.inTree[pred[out]!] = 0;
    this.inTree[e] = 1;
    const uIn = sourceSide ? u : v;
    this.moveSubtree(out, uIn, sourceSide ? v : u, e, sourceSide ? 1 : 0, join, delta);
    // The moved subtree keeps its internal potential differences; shift it so rc(e) becomes 0.
    const shift = sourceSide ? -rc : rc;
    const { thread } = this;
    for (let k = succNum[uIn]!, y = uIn; k > 0; k--, y = thread[y]!) pi[y]! += shift;
  }

  /**
   * Cuts off the subtree below `out`'s tree arc and hangs it back from `vIn` by arc `e` at its node
   * `uIn`: the parent links along the stem uIn … out turn round, and the thread is relinked.
   *
   * With stem s0 = uIn, s1, …, sk = out (old parents), the re-rooted subtree's preorder is s0's old
   * stretch, then for each i ≥ 1 the part of s_i's old stretch before s_(i−1)'s and the part after
   * it: each s_i's new subtree is its old one less s_(i−1)'s, plus s_(i+1)'s new one, which comes
   * last. Every stem node's new stretch therefore ends where the whole subtree's does. The subtree
   * goes into the thread right after vIn (as its first child). Subtree counts change only below
   * the cycle's apex `join`.
   */
  private moveSubtree(
    out: number,
    uIn: number,
    vIn: number,
    e: number,
    upIn: number,
    join: number,
    flowIn: number,
  ): void {
    const { parent, pred, up, treeFlow, thread, revThread, succNum, lastSucc } = this;
    const { stemNode, stemLast, stemSize, stemBefore, stemAfter } = this;
    // Read the old structure first: the relinking below overwrites it.
    let k = 0;
    stemNode[0] = uIn;
    stemLast[0] = lastSucc[uIn]!;
    stemSize[0] = succNum[uIn]!;
    for (let x = uIn; x !== out; ) {
      const p = parent[x]!;
      k++;
      stemNode[k] = p;
      stemLast[k] = lastSucc[p]!;
      stemSize[k] = succNum[p]!;
      stemBefore[k] = revThread[x]!;
      stemAfter[k] = thread[stemLast[k - 1]!]!;
      x = p;
    }
    const size = stemSize[k]!;
    const last = stemLast[k]!;
    const before = revThread[out]!;
    const w = parent[out]!;
    // Take the subtree out of the thread and out of its ancestors' stretches and counts.
    let next = thread[last]!;
    thread[before] = next;
    revThread[next] = before;
    for (let y = w; y !== NONE && lastSucc[y] === last; y = parent[y]!) lastSucc[y] = before;
    for (let y = w; y !== join; y = parent[y]!) succNum[y]! -= size; // above the apex it comes back
    // Its new preorder.
    let tail = stemLast[0]!;
    for (let i = 1; i <= k; i++) {
      const s = stemNode[i]!;
      thread[tail] = s;
      revThread[s] = tail;
      tail = stemBefore[i]!;
      if (stemLast[i - 1] !== stemLast[i]) {
        const b = stemAfter[i]!;
        thread[tail] = b;
        revThread[b] = tail;
        tail = stemLast[i]!;
      }
    }
    // Re-root the stem: counts, last nodes, and parent links turned round.
    let newParent = vIn;
    let newPred = e;
    let newUp = upIn;
    let newFlow = flowIn;
    for (let i = 0; i <= k; i++) {
      const x = stemNode[i]!;
      const oldPred = pred[x]!;
      const oldUp = up[x]!;
      const oldFlow = treeFlow[x]!;
      parent[x] = newParent;
      pred[x] = newPred;
      up[x] = newUp;
      treeFlow[x] = newFlow;
      succNum[x] = i === 0 ? size : size - stemSize[i - 1]!;
      lastSucc[x] = tail;
      newParent = x;
      newPred = oldPred;
      newUp = 1 - oldUp;
      newFlow = oldFlow;
    }
    // Hang it after vIn.
    next = thread[vIn]!;
    thread[vIn] = uIn;
    revThread[uIn] = vIn;
    thread[tail] = next;
    revThread[next] = tail;
    for (let y = vIn; y !== NONE && lastSucc[y] === vIn; y = parent[y]!) lastSucc[y] = tail;
    for (let y = vIn; y !== join; y = parent[y]!) succNum[y]! += size;
  }

  /** Copies the tree arcs' flows into the arc array. */
  private syncFlows(): void {
    const { pred, treeFlow, flow } = this;
    for (let x = 0; x < this.n; x++) if (x !== this.hub) flow[pred[x]!] = treeFlow[x]!;
  }

  /**
   * Checks the tree's bookkeeping against its parent links (tests): the thread visits every node
   * once in a preorder, each subtree is the stretch from its node to its last node, counts agree,
   * tree arcs join each node to its parent with reduced cost 0 and carry no negative flow.
   */
  checkTree(): void {
    const { n, hub, parent, pred, up, thread, revThread, succNum, lastSucc, pi } = this;
    const pos = new Int32Array(n).fill(NONE);
    let y = hub;
    for (let i = 0; i < n; i++) {
      if (pos[y] !== NONE) throw new Error(`thread revisits ${y}`);
      pos[y] = i;
      if (revThread[thread[y]!] !== y) throw new Error(`revThread broken at ${y}`);
      y = thread[y]!;
    }
    if (y !== hub) throw new Error('thread does not close at the hub');
    for (let x = 0; x < n; x++) {
      const end = pos[x]! + succNum[x]! - 1;
      if (pos[lastSucc[x]!] !== end) throw new Error(`lastSucc of ${x} off`);
      if (x === hub) continue;
      const p = parent[x]!;
      if (!(pos[p]! < pos[x]! && pos[x]! + succNum[x]! <= pos[p]! + succNum[p]!))
        throw new Error(`${x} outside ${p}`);
      const a = pred[x]!;
      const [s, t] = up[x] === 1 ? [x, p] : [p, x];
      if (this.src[a] !== s || this.dst[a] !== t || this.inTree[a] !== 1)
        throw new Error(`tree arc of ${x} off`);
      if (this.cost[a]! + pi[s]! - pi[t]! !== 0) throw new Error(`tree arc of ${x} has reduced cost`);
      if (this.treeFlow[x]! < 0) throw new Error(`negative flow on ${a}`);
    }
    const children = new Int32Array(n);
    for (let x = 0; x < n; x++) if (x !== hub) children[parent[x]!]! += succNum[x]!;
    for (let x = 0; x < n; x++) if (succNum[x] !== children[x]! + 1) throw new Error(`succNum of ${x} off`);
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
