from n5gc.cli import main

main()
