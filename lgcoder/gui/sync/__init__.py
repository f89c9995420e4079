"""One listener per part of the workbench, each subscribed to the hub's ``changed`` signal.

Each listener reads, through the open project's service, only what a ``Changes`` value says its
view shows, and updates that view in place (rows inserted or removed, counts changed); none of
them knows about the others. This replaced one central refresher that knew every view.
"""
