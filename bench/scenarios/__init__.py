"""One module per scenario. Each declares NUMBER, NAME, GOAL, DEFAULT_N, APPS and `run(n=, rounds=)`.

Register new modules in `bench.runner.SCENARIO_MODULES`.
"""
