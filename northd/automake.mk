# northd/automake.mk: ovn-northd, the compiler from the Northbound to the
# Southbound database.
