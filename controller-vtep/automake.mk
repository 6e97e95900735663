# controller-vtep/automake.mk: ovn-controller-vtep, the agent for hardware
# VTEP gateways.
