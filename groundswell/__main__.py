from groundswell.cli import main

main()
