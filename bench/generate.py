"""Write a deterministic Obsidian-style vault of N notes for the benchmark.

Every note has frontmatter (title, tags, aliases, date), 300 to 800 words in
a few sections, inline and display math, a code block, and 3 to 10 links of
every form learnfolio reads: ``[[Note]]``, ``[[Note|label]]``,
``[[Note#Heading]]``, ``[[folder/Note]]``, ``[[Note.md]]``, ``[[#Heading]]``,
``[[Note#^block]]``, embeds of a section, and relative Markdown links. About
5% of links name no note. Folders nest up to three deep; some names have
spaces and some are Chinese. The same N and seed always give the same bytes.

Light notes (``light=True``, ``--light``) are what many vaults hold instead:
100 to 200 words, one to three links and no maths, code or embeds, with the
same names, folders, frontmatter and headings.

Usage: ``python bench/generate.py N OUT_DIR [--light]`` writes ``OUT_DIR/vault``.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from pathlib import Path

WORDS = [
    "vector",
    "matrix",
    "gradient",
    "descent",
    "convex",
    "function",
    "basis",
    "span",
    "rank",
    "kernel",
    "image",
    "eigenvalue",
    "projection",
    "norm",
    "inner",
    "product",
    "orthogonal",
    "subspace",
    "linear",
    "map",
    "derivative",
    "integral",
    "limit",
    "series",
    "probability",
    "variance",
    "expectation",
    "sample",
    "estimator",
    "bias",
    "likelihood",
    "prior",
    "posterior",
    "entropy",
    "loss",
    "model",
    "training",
    "data",
    "the",
    "a",
    "of",
    "to",
    "and",
    "in",
    "is",
    "that",
    "for",
    "it",
    "as",
    "with",
    "on",
    "by",
    "this",
    "be",
    "are",
    "from",
    "or",
    "an",
    "which",
    "we",
    "can",
    "when",
    "each",
    "step",
    "value",
    "point",
    "space",
    "set",
    "number",
    "result",
    "example",
]
CJK_WORDS = [
    "向量",
    "矩阵",
    "梯度",
    "下降",
    "凸函数",
    "特征值",
    "投影",
    "概率",
    "方差",
    "期望",
    "样本",
    "损失",
    "模型",
    "训练",
    "数据",
]
TAGS = [
    "linear-algebra",
    "calculus",
    "probability",
    "statistics",
    "optimisation",
    "ml/supervised",
    "ml/unsupervised",
    "ml/deep-learning",
    "math/analysis",
    "math/geometry",
    "review",
    "exam",
    "idea",
    "proof",
    "example",
    "数学",
]
FOLDERS = ["Algebra", "Analysis", "Probability", "Machine learning", "Geometry", "概率论"]
SUBFOLDERS = ["Basics", "Advanced", "Exercises", "Week 1", "Week 2", "笔记"]


@dataclass
class Plan:
    """One note to write: where it goes and what others may link to."""

    path: str
    name: str
    title: str | None
    headings: list[str]
    block: str


def _name(rng: random.Random, index: int) -> str:
    if rng.random() < 0.1:
        return f"{rng.choice(CJK_WORDS)}{rng.choice(CJK_WORDS)} {index}"
    words = rng.sample(WORDS[:40], 2)
    return f"{words[0].capitalize()} {words[1]} {index}"


def plan_vault(count: int, rng: random.Random) -> list[Plan]:
    """Decide every note's path, title, headings and block id before writing any."""
    plans: list[Plan] = []
    for index in range(count):
        depth = rng.choice([0, 1, 1, 2, 2, 3])
        parts = []
        if depth >= 1:
            parts.append(rng.choice(FOLDERS))
        if depth >= 2:
            parts.append(rng.choice(SUBFOLDERS))
        if depth >= 3:
            parts.append(f"Topic {rng.randint(1, 20)}")
        name = _name(rng, index)
        headings = [f"{rng.choice(WORDS[:40]).capitalize()} section {k}" for k in range(3)]
        title = f"{name} (notes)" if rng.random() < 0.2 else None
        plans.append(Plan("/".join([*parts, name + ".md"]), name, title, headings, f"b{index}"))
    return plans


def _link(rng: random.Random, me: Plan, other: Plan, plans: list[Plan]) -> str:
    roll = rng.random()
    if roll < 0.05:
        return f"[[Missing note {rng.randint(1, 10**6)}]]"
    if roll < 0.30:
        return f"[[{other.name}]]"
    if roll < 0.42:
        return f"[[{other.name}|{rng.choice(WORDS)} {rng.choice(WORDS)}]]"
    if roll < 0.55:
        return f"[[{other.name}#{rng.choice(other.headings)}]]"
    if roll < 0.63:
        return f"[[{other.path[:-3]}]]"
    if roll < 0.70:
        return f"[[{other.name}.md]]"
    if roll < 0.76:
        return f"[[#{rng.choice(me.headings)}]]"
    if roll < 0.84:
        return f"[[{other.name}#^{other.block}]]"
    if roll < 0.88 and other.title:
        return f"[[{other.title}]]"
    depth = me.path.count("/")
    relative = "../" * depth + other.path
    return f"[{rng.choice(WORDS)} {rng.choice(WORDS)}](<{relative}>)"


def _sentence(rng: random.Random, words: int) -> str:
    if rng.random() < 0.06:
        return "".join(rng.choice(CJK_WORDS) for _ in range(max(3, words // 2))) + "。"
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def write_note(rng: random.Random, me: Plan, plans: list[Plan], *, light: bool = False) -> str:
    """The Markdown of one note (a light one: short, few links, no maths or code)."""
    total = rng.randint(80, 160) if light else rng.randint(300, 800)
    count = rng.randint(1, 3) if light else rng.randint(3, 10)
    links = [_link(rng, me, rng.choice(plans), plans) for _ in range(count)]
    tags = rng.sample(TAGS, rng.randint(1, 3))
    front = ["---"]
    if me.title:
        front.append(f'title: "{me.title}"')
    front.append(f"tags: [{', '.join(tags)}]")
    if rng.random() < 0.3:
        front.append(f"aliases: [{me.name} alias]")
    front.append(f"date: 2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
    front.append("---")
    body: list[str] = [f"# {me.title or me.name}", ""]
    per_section = total // len(me.headings)
    for k, heading in enumerate(me.headings):
        body += [f"## {heading}", ""]
        written = 0
        while written < per_section:
            n = rng.randint(8, 20)
            per_paragraph = rng.randint(1, 2) if light else rng.randint(2, 4)
            sentences = [_sentence(rng, n) for _ in range(per_paragraph)]
            written += n * len(sentences)
            if links and rng.random() < 0.5:
                sentences.insert(rng.randrange(len(sentences) + 1), f"See {links.pop()}.")
            if not light and rng.random() < 0.25:
                sentences.append(f"With $x_{k} = \\sum_i a_i b_i$ we get $\\|x\\|^2$.")
            body += [" ".join(sentences), ""]
        if k == 0:
            body += [f"A key fact of {me.name}. ^{me.block}", ""]
        if k == 1 and not light:
            body += [
                "$$",
                "\\nabla f(x) = \\left(\\frac{\\partial f}{\\partial x_i}\\right)_i",
                "$$",
                "",
            ]
            body += ["```python", "def step(x, lr=0.1):", "    return x - lr * grad(x)", "```", ""]
    body += [f"See {link}." for link in links]
    if not light and rng.random() < 0.15:
        other = rng.choice(plans)
        body += ["", f"![[{other.name}#{other.headings[0]}]]"]
    if rng.random() < 0.3:
        body += ["", " ".join(f"#{t}" for t in rng.sample(TAGS, 2))]
    return "\n".join(front + body) + "\n"


def generate(count: int, out: Path, seed: int = 42, *, light: bool = False) -> Path:
    """Write the vault of ``count`` notes under ``out/vault`` and return that folder."""
    rng = random.Random(seed)
    plans = plan_vault(count, rng)
    vault = out / "vault"
    (vault / ".obsidian").mkdir(parents=True, exist_ok=True)
    (vault / ".obsidian" / "app.json").write_text("{}\n", encoding="utf-8")
    for me in plans:
        path = vault / me.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(write_note(rng, me, plans, light=light), encoding="utf-8")
    return vault


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--light"]
    if len(args) != 2:
        sys.exit("usage: python bench/generate.py N OUT_DIR [--light]")
    print(generate(int(args[0]), Path(args[1]), light="--light" in sys.argv))
