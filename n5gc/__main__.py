from n5gc.cli import run

run()
