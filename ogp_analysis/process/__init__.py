"""The co-creation process as data: meeting notes and read-outs -> the meeting-records CSV."""
