"""The one way to read and write coach's data, by kind of record; codecs and views."""
