from sovereignty.cli import main

main()
