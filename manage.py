#!/usr/bin/env python
from tremplin.__main__ import main

if __name__ == "__main__":
    main()
