"""The counter screen: a receptionist calls, serves and moves tickets."""
