# controller/automake.mk: ovn-controller, OVN's agent on each chassis.
