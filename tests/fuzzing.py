"""Byte mutations for fuzzing the readers with hypothesis: one strategy and one mutator for every test file."""
from __future__ import annotations

from hypothesis import strategies as st

mutation = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 10**9), st.integers(1, 255)),
    st.tuples(st.just("bit"), st.integers(0, 10**9), st.integers(0, 7)),
    st.tuples(st.just("truncate"), st.integers(0, 10**9), st.just(0)),
    st.tuples(st.just("insert"), st.integers(0, 10**9), st.integers(0, 255)),
    st.tuples(st.just("zero"), st.integers(0, 10**9), st.integers(1, 64)),
)


def mutate(data: bytes, ops) -> bytes:
    """Apply (op, position, argument) mutations in turn: flip a byte, flip a bit, truncate, insert, zero a run."""
    b = bytearray(data)
    for op, pos, arg in ops:
        if not b:
            break
        i = pos % len(b)
        if op == "flip":
            b[i] ^= arg
        elif op == "bit":
            b[i] ^= 1 << arg
        elif op == "truncate":
            del b[max(1, i):]
        elif op == "insert":
            b[i:i] = bytes([arg]) * 3
        elif op == "zero":
            b[i:i + arg] = bytes(len(b[i:i + arg]))
    return bytes(b)
