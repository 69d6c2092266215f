Dad was hostile (ignored.py).
