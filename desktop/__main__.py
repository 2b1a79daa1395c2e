from desktop.cli import main

# Guarded: a process started by multiprocessing's spawn (the standby copier,
# db/standby_copier.py) imports this module again, under another name.
if __name__ == "__main__":
    raise SystemExit(main())
