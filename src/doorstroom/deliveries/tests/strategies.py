"""Hypothesis strategies of the property tests of deliveries: values a hostile or broken
file may hold, and good rows mutated with them."""

from hypothesis import strategies as st

HOSTILE = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            " ",
            "=1+1",
            "0",
            "-1",
            "999999999",
            "2025-02-29",
            "31-12-1899",
            "GM0150",
            "94AA",
            "mbo_2",
            "\x00",
            '"',
            ";",
            "\n",
            "é" * 300,
        ]
    ),
)


def mutate(draw, rows: list[dict[str, str]], columns, *, most: int) -> set[int]:
    """Give at most `most` of the rows, each once, a hostile value in one of `columns` (in
    place); the positions of the rows mutated."""
    positions = draw(
        st.lists(st.integers(min_value=0, max_value=len(rows) - 1), max_size=most, unique=True)
    )
    for position in positions:
        column = draw(st.sampled_from(columns))
        rows[position] = {**rows[position], column: draw(HOSTILE)}
    return set(positions)
