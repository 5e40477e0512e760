"""The shape the project keeps: no function in `analysis/` over 60 lines."""
import ast

from analysis.config import PROJECT_ROOT

LONGEST = 60


def test_no_function_over_60_lines():
    long = []
    for path in sorted((PROJECT_ROOT / "analysis").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                where = f"{path.relative_to(PROJECT_ROOT).as_posix()}:{node.name}"
                if node.end_lineno - node.lineno + 1 > LONGEST:
                    long.append(f"{where} ({node.end_lineno - node.lineno + 1} lines)")
    assert long == []
