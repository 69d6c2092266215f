/* spell_images.S — the word images tools/spellimage made at build time
 * (src/spellimg.h), embedded as one blob from plainsafe_spell_images to
 * plainsafe_spell_images_end. SPELL_IMAGES is the blob's path, given by the
 * Makefile; .incbin keeps building it fast whatever its size.
 */
#if defined(__ELF__)
        .section .note.GNU-stack,"",%progbits
#endif
        .section .rodata
        .balign 64
        .globl plainsafe_spell_images
plainsafe_spell_images:
        .incbin SPELL_IMAGES
        .globl plainsafe_spell_images_end
plainsafe_spell_images_end:
        .byte 0
