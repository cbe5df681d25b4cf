"""Search spaces (docs/lut.md) on the Python side: read a space file, draw
subnets, write a subnet as a spec, and predict its latency from the table
`mnv3c lut` writes. Plain Python, no torch.

Import it with the tools directory on sys.path:
    sys.path.insert(0, "<repo>/tools"); import mnv3_space

A subnet is a list with one entry per bneck row of the space: the blocks
that row becomes, each a (kernel, expansion) pair with the expansion as the
file writes it ("x4", "96"). A fixed row becomes one block.
"""


class SpaceError(Exception):
    """A file this reader cannot take; mnv3c lut says precisely why."""


class Row:
    """A bneck row: `bneck K EXP OUT SE ACT S [d=D] [depth=...]`, where K and
    EXP may list choices."""

    def __init__(self, line, tokens):
        positional = [t for t in tokens if "=" not in t]
        options = [t for t in tokens if "=" in t]
        if len(positional) != 6:
            raise SpaceError("line %d: a bneck row has 6 columns" % line)
        self.line = line
        self.kernels = [int(k) for k in positional[0].split(",")]
        self.expansions = positional[1].split(",")
        self.out, self.se, self.act, self.stride = positional[2:6]
        self.depths = [1]
        self.options = []
        for option in options:
            key, value = option.split("=", 1)
            if key == "depth":
                self.depths = [int(d) for d in value.split(",")]
            else:
                self.options.append(option)

    @property
    def searchable(self):
        return (len(self.kernels) > 1 or len(self.expansions) > 1
                or len(self.depths) > 1 or self.depths[0] > 1)

    def block_line(self, kernel, expansion, stride):
        return " ".join(["bneck", str(kernel), expansion, self.out, self.se,
                         self.act, str(stride)] + self.options)


class Space:
    def __init__(self, path):
        self.path = path
        self.statements = []  # (keyword, tokens after it, line number)
        self.rows = []
        with open(path) as f:
            for number, text in enumerate(f, 1):
                tokens = text.split("#")[0].split()
                if not tokens:
                    continue
                self.statements.append((tokens[0], tokens[1:], number))
                if tokens[0] == "bneck":
                    self.rows.append(Row(number, tokens[1:]))

    def setting(self, keyword):
        """The tokens of the first `keyword` statement, or None."""
        for keyword_, tokens, _ in self.statements:
            if keyword_ == keyword:
                return tokens
        return None


def read_space(path):
    return Space(path)


def sample_subnet(space, rng):
    """A subnet drawn uniformly, choice by choice, with `rng` (random.Random)."""
    subnet = []
    for row in space.rows:
        depth = rng.choice(row.depths)
        subnet.append([(rng.choice(row.kernels), rng.choice(row.expansions))
                       for _ in range(depth)])
    return subnet


def subnet_spec(space, subnet, name, resolution=None):
    """The spec of `subnet`: the space's statements with each row replaced
    by its blocks, the first with the row's stride, the others stride 1."""
    lines, rows = [], iter(zip(space.rows, subnet))
    for keyword, tokens, _ in space.statements:
        if keyword == "model":
            lines.append("model " + name)
        elif keyword == "input" and resolution:
            channels = tokens[0].split("x")[0]
            lines.append("input %sx%dx%d" % (channels, resolution, resolution))
        elif keyword == "bneck":
            row, blocks = next(rows)
            for i, (kernel, expansion) in enumerate(blocks):
                lines.append(row.block_line(kernel, expansion,
                                            row.stride if i == 0 else 1))
        else:
            lines.append(" ".join([keyword] + tokens))
    return "\n".join(lines) + "\n"


def describe_subnet(space, subnet):
    """Per searchable row: depth:k/e,k/e,... ("2:3/x4,7/x6")."""
    parts = []
    for row, blocks in zip(space.rows, subnet):
        if row.searchable:
            parts.append("%d:%s" % (len(blocks), ",".join(
                "%d/%s" % block for block in blocks)))
    return " ".join(parts)


def entries(table, space, subnet):
    """The table entries `subnet` is made of: every fixed part, then for
    each searchable row its first block's entry and its repeated blocks'
    entries."""
    parts = list(table["fixed"])
    stages = {stage["line"]: stage for stage in table["stages"]}
    for row, blocks in zip(space.rows, subnet):
        if not row.searchable:
            continue
        stage = stages[row.line]
        for i, (kernel, expansion) in enumerate(blocks):
            position = stage["first"] if i == 0 else stage["repeat"]
            parts.append(next(c for c in position["candidates"]
                              if c["kernel"] == kernel and c["expansion"] == expansion))
    return parts


def predict_us(table, space, subnet):
    """The subnet's latency as the table predicts it: its entries' sum."""
    return sum(entry["latency_us"] for entry in entries(table, space, subnet))


def predict_macs(table, space, subnet):
    """The subnet's MACs as its entries add up; equal to the network's."""
    return sum(entry["macs"] for entry in entries(table, space, subnet))
