from cpdsync.cli import main

main()
