# ic/automake.mk: ovn-ic, the interconnection controller.
